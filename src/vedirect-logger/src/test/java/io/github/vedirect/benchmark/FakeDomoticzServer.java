package io.github.vedirect.benchmark;

import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link FakeDomoticz} in a process of its own, for {@code bench/logger.sh}: the logger under measurement
 * uploads to it as to a real Domoticz, while its Lua and HTTP work stay out of the logger's CPU and memory
 * figures. Prints {@code port=N} once listening; on SIGTERM writes {@code requests=N ok=M} to the file
 * given as second argument, so the script can tell that uploads really happened.
 *
 * <pre>java -cp ... io.github.vedirect.benchmark.FakeDomoticzServer LUA_FOLDER SUMMARY_FILE</pre>
 */
public final class FakeDomoticzServer {

    private FakeDomoticzServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FakeDomoticzServer LUA_FOLDER SUMMARY_FILE");
            System.exit(2);
        }
        FakeDomoticz domoticz = FakeDomoticz.start(Path.of(args[0]));
        Path summary = Path.of(args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<RecordedRequest> requests = domoticz.requests();
            // OK means the Lua parser ran and accepted the record, not only that HTTP answered.
            long ok = requests.stream()
                    .filter(r -> r.status() == 200 && r.responseBody() != null && r.responseBody().contains("\"OK\""))
                    .count();
            try {
                Files.writeString(summary, "requests=" + requests.size() + " ok=" + ok + "\n", StandardCharsets.UTF_8);
            } catch (Exception e) {
                System.err.println("FakeDomoticzServer: cannot write " + summary + ": " + e);
            }
            domoticz.close();
        }));
        System.out.println("port=" + domoticz.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
