package io.github.vedirect.logger;

import io.github.vedirect.settings.LoggerSettings;
import io.github.vedirect.settings.Setting;
import io.github.vedirect.settings.SettingsException;
import io.github.vedirect.store.RecordStore;
import io.github.vedirect.store.StoreFolderException;
import io.github.vedirect.store.StoreStep;
import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** The record store's bean, {@code store}, from {@code store.*}: opened before the routes, closed with Camel. */
final class RecordStoreSetup {

    /** The bean the devices' routes call. */
    static final String BEAN = "store";
    /** The forwarders of the store's records to the destinations that carry time (/status and /metrics read them). */
    static final String FORWARDERS = "storeForwarders";

    private RecordStoreSetup() {
    }

    /**
     * Opens the store (none when {@code store.folder} is empty) and binds its step. A folder that cannot be written
     * stops the start naming {@code store.folder}, as any setting that cannot work.
     */
    static StoreStep bind(CamelContext context, LoggerSettings settings) throws Exception {
        RecordStore store = null;
        if (!settings.storeFolder().isEmpty()) {
            // Resolved as csv.file is: relative to the working directory.
            Path folder = Path.of(settings.storeFolder()).toAbsolutePath();
            try {
                store = RecordStore.open(folder, settings.storeDays(), settings.storeMaxBytes(), settings.storeCommitDelay());
                LoggerFactory.getLogger("io.github.vedirect.logger").info("Record store: {} ({} days, at most {} MB, a commit every {} s; export prints it)",
                        store.file(), settings.storeDays(), settings.storeMaxBytes() / 1_000_000, settings.storeCommitDelay().toSeconds());
            } catch (StoreFolderException e) {
                throw new SettingsException(Setting.STORE_FOLDER.key(), settings.storeFolder(), e.getMessage());
            }
        }
        StoreStep step = new StoreStep(store);
        context.getRegistry().bind(BEAN, step);
        context.addService(step);
        return step;
    }
}
