package io.github.vedirect.store;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link Sqlite#hardFloat} on real executables: this machine's JVM (not 32-bit ARM: no answer) and Debian's armhf and
 * arm64 Java that .ci/arm-jre.sh unpacks into target/arm for ArmIT (armhf: hard float; arm64: not 32-bit ARM).
 */
class SqliteTest {

    @Test
    void thisMachinesJvmIsNot32BitArm() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/exe")), "Linux only");
        assertNull(Sqlite.hardFloat(Path.of("/proc/self/exe")));
    }

    @Test
    void debiansArmhfJavaIsHardFloatAndArm64sIsNot32BitArm() throws IOException {
        Optional<Path> armhf = java("armhf");
        Optional<Path> arm64 = java("arm64");
        Assumptions.assumeTrue(armhf.isPresent() && arm64.isPresent(), "no Debian ARM Java in target/arm (.ci/arm-jre.sh)");
        assertEquals(Boolean.TRUE, Sqlite.hardFloat(armhf.get()));
        assertNull(Sqlite.hardFloat(arm64.get()));
    }

    @Test
    void aFileThatIsNoExecutableHasNoAnswer() throws IOException {
        Path text = Files.createTempFile("not-elf", ".txt");
        try {
            Files.writeString(text, "not an ELF file, but forty bytes long or more, to be read whole");
            assertNull(Sqlite.hardFloat(text));
            assertNull(Sqlite.hardFloat(text.resolveSibling("no-such-file")));
        } finally {
            Files.delete(text);
        }
    }

    private static Optional<Path> java(String arch) throws IOException {
        Path jvm = Path.of(System.getProperty("arm.roots", "target/arm"), arch, "usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvm)) {
            return dirs.map(dir -> dir.resolve("bin/java")).filter(Files::isRegularFile).sorted().findFirst();
        }
    }
}
