package io.github.vedirect.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar with an alarm rule or channel that cannot work: exit 2 and one line naming the key, before anything starts. */
class AlarmRulesIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alarm.rule.low-soc|Soc < 50|unknown label Soc",
            "alarm.rule.low-soc|SOC <= 50|must be LABEL < NUMBER or LABEL > NUMBER",
            "alarm.rule.low-soc|SOC < half|half is not a number",
            "alarm.no-data-after|5 minutes|must be a duration",
            "notify.smtp.port|smtp|must be a port number"})
    void aRuleThatCannotWorkExitsTwoNamingItsKey(String key, String value, String reason) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LoggerProcess.PI_FLAGS);
        command.add("-D" + key + "=" + value);
        command.add("-Dlog.file=");
        command.add("-jar");
        command.add(LoggerProcess.jar().toString());
        Process process = new ProcessBuilder(command).directory(LoggerProcess.newWorkDir("alarm-rules").toFile())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("vedirect-logger: " + key + "=" + value + ": "), output);
        assertTrue(output.contains(reason), output);
    }
}
