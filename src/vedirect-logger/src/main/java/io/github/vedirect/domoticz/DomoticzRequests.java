package io.github.vedirect.domoticz;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The {@link #KIND} of an update of the alarms' Alert device. */
    public static final String ALERT = "ALERT";

    /** Made on the first parser-mode request: with Domoticz off (the default) Jackson's 300 classes never load. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.domoticz");

    private final DomoticzSettings settings;
    private final String authorization;
    /** Device, label, idx and reason of each value that could not be sent and has been told. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    public DomoticzRequests(DomoticzSettings settings) {
        this.settings = settings;
        this.authorization = settings.authorization();
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
            DomoticzDevice.Outcome outcome = device.update(record);
            if (outcome instanceof DomoticzDevice.Update update) {
                urls.add(udevice(device.idx(), update.nvalue(), update.svalue()));
            } else if (outcome instanceof DomoticzDevice.Unsent unsent) {
                unsent(deviceName, device, unsent);
            }
        }
        return urls;
    }

    /** The direct update of one Domoticz device: {@code param=udevice}, its idx, nvalue and svalue (encoded). */
    public String udevice(int idx, int nvalue, String svalue) {
        return settings.url() + "/json.htm?type=command&param=udevice&idx=" + idx + "&nvalue=" + nvalue
                + "&svalue=" + DomoticzEncoding.encode(svalue);
    }

    /**
     * The exchange of one request of the alarms' Alert device ({@code domoticz.alarm-idx}), as the route that sends
     * the requests takes it: the URL as the body, no header but the Authorization.
     */
    public void alert(Exchange exchange, int level, String text) {
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(udevice(settings.alarmIdx(), level, text));
        exchange.setProperty(KIND, ALERT);
        if (authorization != null) {
            exchange.getIn().setHeader("Authorization", authorization);
        }
    }

    /**
     * One line the first time a value cannot be sent for a reason, not one per record: the sensor keeps its
     * last value, and the line says which and why. A new reason for the same value is told again.
     */
    private void unsent(String deviceName, DomoticzDevice device, DomoticzDevice.Unsent unsent) {
        String name = deviceName == null ? "default" : deviceName;
        if (told.add(name + "|" + device.label() + "|" + device.idx() + "|" + unsent.reason())) {
            LOG.warn("Domoticz direct mode: {} of device {} is not sent to idx {}: {} (said once; the other values go on)",
                    device.label(), name, device.idx(), unsent.why());
        }
    }
}
