package org.example.host;

import org.apache.camel.main.Main;

public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        // Camel Main finds BatteryRoutes by scanning this class's package.
        new Main(HostApplication.class).run(args);
    }
}
