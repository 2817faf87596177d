package io.github.vedirect.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The options declared once in {@link VeDirectConfiguration}: set on the component they reach every endpoint,
 * an endpoint's URI overrides them for that endpoint only, and the defaults the metadata promises are the values
 * a new component and endpoint really have.
 */
class VeDirectConfigurationTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    /** Binds options onto the component as Camel Main and the starter do, through the generated configurer. */
    private VeDirectComponent componentWith(Map<String, Object> options) {
        VeDirectComponent component = context.getComponent("vedirect", VeDirectComponent.class);
        PropertyBindingSupport.build().withReflection(false).withConfigurer(new VeDirectComponentConfigurer())
                .withIgnoreCase(true).bind(context, component, new HashMap<>(options));
        return component;
    }

    @Test
    void componentOptionsReachEveryEndpointAndTheUriWinsForItsEndpointOnly() {
        VeDirectComponent component = componentWith(Map.of("staleTimeout", "20s", "reconnectDelay", "250ms",
                "maxReconnectDelay", "4000", "gapTimeout", "300", "baudRate", "9600", "connectTimeout", "2s"));

        VeDirectConfiguration inherits = context.getEndpoint("vedirect:simulator:bmv702", VeDirectEndpoint.class).getConfiguration();
        assertEquals(20_000, inherits.getStaleTimeout());
        assertEquals(250, inherits.getReconnectDelay());
        assertEquals(4000, inherits.getMaxReconnectDelay(), "a plain number is milliseconds");
        assertEquals(300, inherits.getGapTimeout());
        assertEquals(9600, inherits.getBaudRate());
        assertEquals(2000, inherits.getConnectTimeout());

        VeDirectConfiguration overrides = context.getEndpoint("vedirect:simulator:mppt?staleTimeout=3s&baudRate=4800",
                VeDirectEndpoint.class).getConfiguration();
        assertEquals(3000, overrides.getStaleTimeout(), "the URI's own option wins over the component's");
        assertEquals(4800, overrides.getBaudRate());
        assertEquals(250, overrides.getReconnectDelay(), "options the URI does not name stay the component's");

        assertNotSame(component.getConfiguration(), overrides, "each endpoint has its own copy");
        assertEquals(20_000, component.getConfiguration().getStaleTimeout(), "an endpoint's URI does not change the component");
        assertEquals(20_000, inherits.getStaleTimeout(), "nor another endpoint");
    }

    @Test
    void camelMainsComponentPropertiesReachTheEndpoints() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.vedirect.stale-timeout", "20s");
        main.addInitialProperty("camel.component.vedirect.reconnect-delay", "300");
        main.start();
        try {
            CamelContext hosted = main.getCamelContext();
            VeDirectConfiguration inherits = hosted.getEndpoint("vedirect:simulator:bmv702", VeDirectEndpoint.class).getConfiguration();
            assertEquals(20_000, inherits.getStaleTimeout());
            assertEquals(300, inherits.getReconnectDelay());
            assertEquals(3000, hosted.getEndpoint("vedirect:simulator:mppt?staleTimeout=3s", VeDirectEndpoint.class)
                    .getConfiguration().getStaleTimeout());
        } finally {
            main.stop();
        }
    }

    @Test
    void componentOptionsAreCheckedWhereTheyReachAnEndpoint() {
        componentWith(Map.of("staleTimeout", "0"));
        Exception refused = assertThrows(Exception.class,
                () -> context.getEndpoint("vedirect:simulator:bmv702"));
        assertTrue(rootMessage(refused).contains("staleTimeout must be a time above 0"), rootMessage(refused));
    }

    @Test
    void theMetadatasDefaultsAreTheValuesOfANewComponentAndEndpoint() throws IOException {
        JsonNode metadata = metadata();
        VeDirectComponent component = context.getComponent("vedirect", VeDirectComponent.class);
        VeDirectEndpoint endpoint = context.getEndpoint("vedirect:simulator:bmv702", VeDirectEndpoint.class);

        List<String> wrong = new ArrayList<>();
        wrong.addAll(differences(metadata.get("componentProperties"), new VeDirectComponentConfigurer(), component));
        wrong.addAll(differences(metadata.get("properties"), new VeDirectEndpointConfigurer(), endpoint));
        assertEquals(List.of(), wrong, "option defaults in vedirect.json that a new component or endpoint does not have");
    }

    private static List<String> differences(JsonNode options, PropertyConfigurerGetter configurer, Object target) {
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            if (!option.getValue().has("defaultValue")) {
                continue;
            }
            String promised = option.getValue().get("defaultValue").asText();
            String actual = String.valueOf(configurer.getOptionValue(target, option.getKey(), false));
            compared++;
            if (!promised.equals(actual)) {
                wrong.add(option.getKey() + ": " + promised + " in the metadata, " + actual + " in " + target.getClass().getSimpleName());
            }
        }
        assertTrue(compared >= 10, "the metadata's defaults were read: " + compared);
        return wrong;
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in = VeDirectConfigurationTest.class.getResourceAsStream(ComponentPage.JSON)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
