package io.github.vedirect.alarms;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code ntfy} bean of routes/ntfy.yaml: turns an alarm message into ntfy's publish request (docs.ntfy.sh,
 * "Publishing"): a POST of the plain-text line to the topic's address, with the headers {@code Title}
 * ({@code house: low-soc raised}), {@code Priority} ({@code high} when raised, {@code default} when cleared),
 * {@code Tags} (the emoji {@code rotating_light} or {@code white_check_mark}, and the alarm's name) and, with
 * {@code notify.token}, {@code Authorization: Bearer TOKEN}, the only place the token goes.
 */
public final class NtfyRequest {

    private final String url;
    private final String token;

    public NtfyRequest(String url, String token) {
        this.url = url;
        this.token = token;
    }

    public void request(Exchange exchange) {
        AlarmEvent event = exchange.getProperty(AlarmService.EVENT, AlarmEvent.class);
        Message in = exchange.getIn();
        // Only ntfy's own headers go out: the logger's would be sent as HTTP headers too.
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_URI, url);
        in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        boolean raised = event.state() == AlarmEvent.State.RAISED;
        in.setHeader("Title", event.title());
        in.setHeader("Priority", raised ? "high" : "default");
        in.setHeader("Tags", (raised ? "rotating_light," : "white_check_mark,") + event.alarm());
        if (!token.isEmpty()) {
            in.setHeader("Authorization", "Bearer " + token);
        }
        in.setBody(event.text());
    }
}
