package io.github.vedirect.csv;

import io.github.vedirect.settings.Setting;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logger run in the project's folder (the quick start) writes files that must never be committed: git itself
 * is asked whether .gitignore keeps them out, under the names the logger gives them.
 */
class GitIgnoreTest {

    @Test
    void theFilesALoggerRunWritesAreIgnored() throws Exception {
        String csv = Setting.CSV_FILE.defaultValue();
        String log = Setting.LOG_FILE.defaultValue();
        String store = Setting.STORE_FOLDER.defaultValue();
        List<String> written = List.of(csv, CsvLines.fileNameFor(csv, "house"), CsvLines.fileNameFor(csv, "solar_1"),
                "vedirect_data.2026-12-01.csv", "vedirect_data-house.2026-12-01-2.csv", log, log + ".1", log + ".5",
                store + "/records.db", store + "/records.db-wal", store + "/records.db-shm", store + "/records-unreadable-20261201T120000Z.db");
        List<String> command = new ArrayList<>(List.of("git", "check-ignore", "--no-index"));
        command.addAll(written);
        // Tests run in the project's root folder (the logger's pom), where .gitignore is.
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS), "git check-ignore did not end");
        String ignored = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(written, ignored.lines().toList(), "git check-ignore lists each ignored file: " + ignored);
    }
}
