package io.github.vedirect.destinations;

import org.apache.camel.Exchange;

/**
 * What the {@code mqtt} and {@code influxdb} beans are while their destination is off: their routes are not
 * started then, but Camel still makes them, and a route's bean must exist to be made.
 */
public final class Off {

    public void publish(Exchange exchange) {
    }

    public void alarm(Exchange exchange) {
    }

    public void request(Exchange exchange) {
    }

    public void answered(Exchange exchange) {
    }

    public void unanswered(Exchange exchange) {
    }
}
