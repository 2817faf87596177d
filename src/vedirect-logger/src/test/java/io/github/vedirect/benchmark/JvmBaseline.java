package io.github.vedirect.benchmark;

/**
 * A JVM doing nothing, started by {@code bench/logger.sh} with the logger's flags: its peak RSS is the
 * floor the JVM itself sets, which tells how much of the logger's figure is Java and how much is ours.
 * Prints {@code ready} and sleeps until killed.
 */
public final class JvmBaseline {

    private JvmBaseline() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
