package io.github.vedirect.alarms;

import java.util.List;

/**
 * Where the raised alarms are kept, so that a restart during an alarm sends no second "raised": the record store's
 * SQLite file when there is a store ({@link SqliteAlarmState}), a small file otherwise ({@link FileAlarmState}).
 * A failure to keep them is one warning from the caller; the alarms themselves go on.
 */
public interface AlarmState extends AutoCloseable {

    /** The alarms raised when the logger stopped. */
    List<ActiveAlarm> load() throws Exception;

    void raised(ActiveAlarm alarm) throws Exception;

    void cleared(String device, String alarm) throws Exception;

    /** Where they are kept, for the log. */
    String where();

    @Override
    default void close() throws Exception {
    }
}
