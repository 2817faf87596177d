package org.example.host;

import org.apache.camel.main.Main;

public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(HostApplication.class);
        main.configure().addRoutesBuilder(new BatteryRoutes());
        main.run(args);
    }
}
