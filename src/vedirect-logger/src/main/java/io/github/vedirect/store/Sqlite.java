package io.github.vedirect.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens SQLite connections: the one place the store, its readers and the alarms' table open the file. Two things the
 * driver does not do well enough on a Pi are done here first.
 *
 * <p>On 32-bit ARM the driver picks its native library by running {@code uname -m} (and, failing that, a shell
 * pipeline with {@code readelf}); when a process cannot be spawned (it failed now and then under qemu-user in CI) it
 * falls back to the soft-float library, which a hard-float JVM (Raspberry Pi OS, Debian armhf) cannot load. So the
 * logger reads the float ABI of the running JVM from its own ELF header instead, and names the library with the
 * driver's own property, {@code org.sqlite.osinfo.architecture}: {@code armv6} for hard float (it runs on every
 * Pi's CPU, v6 to v8 in 32-bit mode), {@code arm} for soft float. A value the user sets is left alone.
 *
 * <p>A native library that does not load is a {@link LinkageError}, which would end the thread that meets it; here
 * it is an {@link SQLException} with one line saying so, so the store reports it as any store that cannot open.
 */
public final class Sqlite {

    static final String ARCHITECTURE = "org.sqlite.osinfo.architecture";
    /** e_flags' EF_ARM_ABI_FLOAT_HARD: the executable passes floats in VFP registers (armhf). */
    private static final int FLOAT_HARD = 0x400;

    private Sqlite() {
    }

    /** A connection to the SQLite file {@code file}. */
    public static Connection open(Path file) throws SQLException {
        chooseArmLibrary();
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (LinkageError e) {
            throw new SQLException("SQLite's native library does not load on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + e.getMessage() + "); set -D" + ARCHITECTURE
                    + " to the folder of org/sqlite/native/Linux/ that fits", e);
        }
    }

    private static synchronized void chooseArmLibrary() {
        if (System.getProperty(ARCHITECTURE) != null || !"Linux".equals(System.getProperty("os.name"))
                || !"arm".equals(System.getProperty("os.arch"))) {
            return;
        }
        Boolean hard = hardFloat(Path.of("/proc/self/exe"));
        if (hard != null) {
            System.setProperty(ARCHITECTURE, hard ? "armv6" : "arm");
        }
    }

    /** Whether the 32-bit ARM ELF executable {@code exe} is hard-float; null when it cannot be told. */
    static Boolean hardFloat(Path exe) {
        try (InputStream in = Files.newInputStream(exe)) {
            byte[] header = in.readNBytes(40);
            // "\177ELF", 32-bit (EI_CLASS 1), little-endian (EI_DATA 1), machine EM_ARM (40) at 18.
            if (header.length < 40 || header[0] != 0x7F || header[1] != 'E' || header[2] != 'L' || header[3] != 'F'
                    || header[4] != 1 || header[5] != 1 || (header[18] & 0xFF) != 40 || header[19] != 0) {
                return null;
            }
            int flags = (header[36] & 0xFF) | (header[37] & 0xFF) << 8 | (header[38] & 0xFF) << 16 | (header[39] & 0xFF) << 24;
            return (flags & FLOAT_HARD) != 0;
        } catch (IOException e) {
            return null;
        }
    }
}
