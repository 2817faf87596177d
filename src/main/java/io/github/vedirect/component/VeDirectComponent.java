package io.github.vedirect.component;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

import java.util.Map;

/**
 * The {@code vedirect:} component: a Victron VE.Direct device (serial port, TCP bridge, recorded capture
 * or built-in simulator) as a consumer endpoint, one exchange per valid block.
 */
@Component("vedirect")
public class VeDirectComponent extends HealthCheckComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("vedirect: needs a source: a serial port (vedirect:/dev/ttyUSB0), "
                    + "tcp:HOST:PORT, replay:FILE or simulator:MODEL");
        }
        VeDirectEndpoint endpoint = new VeDirectEndpoint(uri, this);
        endpoint.setSource(remaining);
        setProperties(endpoint, parameters);
        endpoint.checkSource();
        return endpoint;
    }
}
