package io.github.vedirect.alarms;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The raised alarms without a record store: a properties file, one line per alarm
 * ({@code house/low-soc=SINCE_MS VALUE}), replaced whole (written beside, then moved) on each change.
 */
public final class FileAlarmState implements AlarmState {

    private final Path file;
    private final Properties active = new Properties();

    public FileAlarmState(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<ActiveAlarm> load() throws IOException {
        active.clear();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                active.load(reader);
            }
        }
        List<ActiveAlarm> alarms = new ArrayList<>();
        for (String key : new TreeSet<>(active.stringPropertyNames())) {
            int slash = key.indexOf('/');
            String[] sinceAndValue = active.getProperty(key).split(" ", 2);
            alarms.add(new ActiveAlarm(key.substring(0, slash), key.substring(slash + 1),
                    Instant.ofEpochMilli(Long.parseLong(sinceAndValue[0])), sinceAndValue.length > 1 ? sinceAndValue[1] : ""));
        }
        return alarms;
    }

    @Override
    public synchronized void raised(ActiveAlarm alarm) throws IOException {
        active.setProperty(alarm.key(), alarm.since().toEpochMilli() + " " + alarm.value());
        write();
    }

    @Override
    public synchronized void cleared(String device, String alarm) throws IOException {
        if (active.remove(device + "/" + alarm) != null) {
            write();
        }
    }

    private void write() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path next = parent.resolve(file.getFileName() + ".new");
        try (Writer writer = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            active.store(writer, "The alarms raised now (docs/alarms.md); the logger rewrites this file");
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String where() {
        return file.toString();
    }
}
