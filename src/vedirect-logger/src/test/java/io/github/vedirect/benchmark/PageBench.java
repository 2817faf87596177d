package io.github.vedirect.benchmark;

import io.github.vedirect.e2e.LoggerProcess;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The page's figures (bench/page.sh, docs/performance.md "The page"): against the packaged jar with two simulated
 * devices, in Debian's headless chromium: the bytes of a first load (gzip, as sent), the time to first paint
 * (Chrome's paint timing, median of {@code bench.loads}), and the logger's RSS and CPU over {@code bench.seconds}
 * with no page open, then with five pages open. A main, not a test: figures are measured, never asserted.
 */
public final class PageBench {

    private PageBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 600);
        int loads = Integer.getInteger("bench.loads", 5);
        Path dir = LoggerProcess.newWorkDir("page-bench");
        Map<String, String> settings = Map.of("vedirect.port.house", "simulator:bmv702", "vedirect.port.solar", "simulator:mppt");
        try (LoggerProcess logger = LoggerProcess.start(dir, settings)) {
            logger.awaitHealthy(java.time.Duration.ofSeconds(60));
            String origin = "http://127.0.0.1:" + logger.statusPort();
            ChromeDriver browser = browser();
            try {
                JavascriptExecutor js = browser;
                List<Double> paints = new ArrayList<>();
                for (int i = 0; i < loads; i++) {
                    browser.get(origin + "/");
                    awaitCharts(browser);
                    paints.add(((Number) js.executeScript(
                            "return performance.getEntriesByName('first-contentful-paint')[0].startTime")).doubleValue());
                }
                // The last load: every file and API answer the page fetched, as sent (gzip for the files).
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> entries = (List<Map<String, Object>>) js.executeScript(
                        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        + ".map(e => ({name: e.name, body: e.encodedBodySize, transfer: e.transferSize}))");
                long body = 0;
                long transfer = 0;
                for (Map<String, Object> entry : entries) {
                    body += ((Number) entry.get("body")).longValue();
                    transfer += ((Number) entry.get("transfer")).longValue();
                    System.out.printf("  %-60s %7d bytes as sent%n", entry.get("name").toString().replace(origin, ""), ((Number) entry.get("body")).longValue());
                }
                Collections.sort(paints);
                System.out.printf("first load: %d files and answers, %d bytes as sent (gzip), %d with HTTP headers%n", entries.size(), body, transfer);
                System.out.printf("first contentful paint: median %.0f ms of %d loads (min %.0f, max %.0f)%n",
                        paints.get(paints.size() / 2), paints.size(), paints.get(0), paints.get(paints.size() - 1));
                browser.get("about:blank");

                System.out.printf("no page open, %d s: %s%n", seconds, usage(logger.pid(), seconds));
                for (int i = 0; i < 5; i++) {
                    if (i > 0) {
                        browser.switchTo().newWindow(WindowType.TAB);
                    }
                    browser.get(origin + "/");
                    awaitCharts(browser);
                }
                System.out.printf("five pages open, %d s: %s%n", seconds, usage(logger.pid(), seconds));
            } finally {
                browser.quit();
            }
            System.out.printf("logger: %s; threads at the end %s%n", dir,
                    logger.status().get("threads"));
        }
    }

    private static void awaitCharts(ChromeDriver browser) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (browser.findElements(By.cssSelector(".chart canvas")).size() < 4) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page drew no charts within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** RSS at the end and CPU over the window, from /proc. */
    private static String usage(long pid, int seconds) throws Exception {
        long cpuBefore = cpuTicks(pid);
        long start = System.nanoTime();
        long peak = 0;
        long deadline = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            peak = Math.max(peak, rssKb(pid));
            Thread.sleep(1000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuTicks(pid) - cpuBefore) / 100.0;
        return String.format("RSS %d MB at the end (highest %d MB), CPU %.1f s = %.2f %% of one core", rssKb(pid) / 1024, peak / 1024,
                cpu, 100 * cpu / elapsed);
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** utime + stime in clock ticks (100 a second on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(System.getProperty("bench.chromium", "/usr/bin/chromium")));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                // Five tabs as five people's pages: none throttled as a background tab would be.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("bench.chromedriver", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
