package io.github.vedirect.logger;

import io.github.vedirect.settings.DeviceSettings;
import io.github.vedirect.settings.SettingsException;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device's source is checked against the component's own option names, not against the wording of Camel's errors. */
class LoggerBeansTest {

    @Test
    void optionsTheComponentLacksAreFoundInItsMetadataWhatEverTheirCase() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            String source = "simulator:mppt?blockInterval=100&fooBar=1&STALETIMEOUT=5000&seed=3";
            assertEquals(List.of("fooBar", "seed"), LoggerBeans.unknownOptions(context, "vedirect", source));
            // What the check lets through, Camel takes: an option in another case is the same option.
            assertEquals(List.of(), LoggerBeans.unknownOptions(context, "vedirect", "simulator:mppt?STALETIMEOUT=5000"));
            context.getEndpoint("vedirect:simulator:mppt?STALETIMEOUT=5000");
            assertEquals(List.of(), LoggerBeans.unknownOptions(context, "vedirect", "simulator:mppt"));
        }
    }

    @Test
    void aComponentsMultiValueOptionsAreKnownByTheirPrefix() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            assertEquals(List.of("bogus"), LoggerBeans.unknownOptions(context, "http",
                    "//example.invalid?httpClient.redirectsEnabled=false&bogus=1&throwExceptionOnFailure=false"));
        }
    }

    @Test
    void aSourceWithAnUnknownOptionStopsTheStartNamingTheSettingAndTheOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            SettingsException refused = assertThrows(SettingsException.class, () -> LoggerBeans.checkSource(context,
                    new DeviceSettings("solar", "simulator:mppt?blockInterval=100&blockIntervall=50")));
            assertTrue(refused.getMessage().startsWith("vedirect.port.solar=simulator:mppt?blockInterval=100&blockIntervall=50: "
                    + "the vedirect: component has no option blockIntervall "), refused.getMessage());
            // A known option with a value the component refuses: the component's own reason, the setting named.
            SettingsException badValue = assertThrows(SettingsException.class, () -> LoggerBeans.checkSource(context,
                    new DeviceSettings("solar", "simulator:mppt?staleTimeout=-5")));
            assertTrue(badValue.getMessage().contains("staleTimeout must be a time above 0"), badValue.getMessage());
        }
    }
}
