package io.github.vedirect.domoticz;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a record into the Domoticz requests that carry it: one {@code param=udevices} call with the whole
 * record for the Lua parser, or one {@code param=udevice} call per configured device in direct mode.
 * The body becomes the list of request URLs; the route sends each.
 */
public class DomoticzRequests implements Processor {

    /** Set on the exchange so that the answer can be judged by what was asked. */
    public static final String KIND = "VeDirectDomoticzRequest";

    /** Made on the first parser-mode request: with Domoticz off (the default) Jackson's 300 classes never load. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final DomoticzSettings settings;
    private final String authorization;

    public DomoticzRequests(DomoticzSettings settings) {
        this.settings = settings;
        this.authorization = settings.hasCredentials() ? "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)) : null;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        exchange.getIn().setBody(urls(record, exchange.getIn().getHeader(DeviceHeaders.NAME, String.class)));
        exchange.setProperty(KIND, settings.mode().name());
        // Headers of the record must not travel to Domoticz; only what the request needs.
        Map<String, Object> headers = exchange.getIn().getHeaders();
        headers.keySet().removeIf(name -> !name.startsWith("CamelVeDirect"));
        if (authorization != null) {
            // Only when configured: a rejected Basic header gets a 401 even from a trusted network.
            exchange.getIn().setHeader("Authorization", authorization);
        }
    }

    /** The request URLs for a record of an unnamed device, in order. */
    public List<String> urls(VeDirectRecord record) throws JsonProcessingException {
        return urls(record, null);
    }

    /**
     * The request URLs for a record of the device called {@code deviceName} (null: not known), in order. The
     * Lua parser gets the name as {@code "device"}, first in the JSON, to pick that device's table; direct
     * mode uses the device's own {@code domoticz.devices.NAME} list when there is one.
     */
    public List<String> urls(VeDirectRecord record, String deviceName) throws JsonProcessingException {
        String base = settings.url() + "/json.htm?type=command";
        List<String> urls = new ArrayList<>();
        if (settings.mode() == DomoticzSettings.Mode.PARSER) {
            Map<String, Object> data = record;
            if (deviceName != null) {
                data = new LinkedHashMap<>(record.size() + 1);
                data.put("device", deviceName);
                data.putAll(record);
            }
            urls.add(base + "&param=udevices&script=" + DomoticzEncoding.encode(settings.script())
                    + "&data=" + DomoticzEncoding.encode(Json.MAPPER.writeValueAsString(data)));
            return urls;
        }
        for (DomoticzDevice device : settings.devicesOf(deviceName)) {
            device.update(record).ifPresent(update -> urls.add(base + "&param=udevice&idx=" + device.idx()
                    + "&nvalue=" + update.nvalue() + "&svalue=" + DomoticzEncoding.encode(update.svalue())));
        }
        return urls;
    }
}
