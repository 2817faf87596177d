package io.github.vedirect.component;

import io.github.vedirect.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.protocol.Captures;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body in a user's YAML route: simple language, marshal json and the CSV data format, as documented. */
class MessageBodyTest {

    @TempDir
    Path dir;

    @Test
    void bodyWorksInYamlWithSimpleJsonAndCsv() throws Exception {
        Path capture = Files.write(dir.resolve("bmv.bin"), Captures.read("karioja_vedirect_bvm702.bin"));
        String yaml = """
                - route:
                    from:
                      uri: "vedirect:replay:%s?replayRate=0"
                      steps:
                        - filter:
                            simple: "${body[PID]} != null"
                            steps:
                              - setHeader:
                                  name: volts
                                  simple: "${body.scaled('V')}"
                              - setHeader:
                                  name: rawVolts
                                  simple: "${body[V]}"
                              - multicast:
                                  steps:
                                    - pipeline:
                                        steps:
                                          - marshal:
                                              json: {}
                                          - to: "collect:json"
                                    - pipeline:
                                        steps:
                                          - marshal:
                                              csv:
                                                header: "V,I,SOC,Alarm"
                                                skipHeaderRecord: true
                                          - to: "collect:csv"
                """.formatted(capture);
        List<Exchange> json = new CopyOnWriteArrayList<>();
        List<Exchange> csv = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        try {
            context.getRegistry().bind("collect", new org.apache.camel.support.DefaultComponent() {
                @Override
                protected org.apache.camel.Endpoint createEndpoint(String uri, String remaining, java.util.Map<String, Object> parameters) {
                    List<Exchange> sink = remaining.equals("json") ? json : csv;
                    return new org.apache.camel.support.DefaultEndpoint(uri, this) {
                        @Override
                        public org.apache.camel.Producer createProducer() {
                            return new org.apache.camel.support.DefaultProducer(this) {
                                @Override
                                public void process(Exchange exchange) {
                                    sink.add(exchange.copy());
                                }
                            };
                        }

                        @Override
                        public org.apache.camel.Consumer createConsumer(org.apache.camel.Processor processor) {
                            throw new UnsupportedOperationException();
                        }
                    };
                }
            });
            Resource routes = ResourceHelper.fromString("routes.yaml", yaml);
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
            context.start();
            Await.until("453 main blocks", Duration.ofSeconds(10), () -> json.size() == 453 && csv.size() == 453);
        } finally {
            context.stop();
        }
        JsonNode first = new ObjectMapper().readTree(json.get(0).getIn().getBody(String.class));
        // The original tool's JSON: numbers as numbers, the rest as strings, wire order.
        assertEquals("{\"PID\":\"0x203\",\"V\":12065,\"I\":-7625,\"P\":-92,\"CE\":-65473,\"SOC\":839,\"TTG\":942,"
                + "\"Alarm\":\"OFF\",\"Relay\":\"OFF\",\"AR\":0,\"BMV\":700,\"FW\":\"0308\"}", first.toString());
        assertEquals(12.065, json.get(0).getIn().getHeader("volts", Double.class));
        assertEquals("12065", json.get(0).getIn().getHeader("rawVolts", String.class));
        assertEquals("12065,-7625,839,OFF", csv.get(0).getIn().getBody(String.class).strip());
        assertTrue(csv.get(1).getIn().getBody(String.class).startsWith("12065,-7626,"), csv.get(1).getIn().getBody(String.class));
    }
}
