package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at {@code /} in a real browser (Debian's headless chromium through chromedriver, driven by Selenium)
 * against the packaged jar reading two simulated devices: the cards show what the logger shows, a value changes
 * without a reload, the 24 h chart keeps the points from before a restart (they come from the store), no console
 * error, no request leaves the logger's address; screenshots wide and narrow (dark) in target/web-page/. Without
 * chromium and chromedriver the browser test is skipped; the API's and the streams' tests need no browser.
 */
class WebPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> TWO_DEVICES = Map.of("vedirect.port.house", "simulator:bmv702",
            "vedirect.port.solar", "simulator:mppt", "vedirect.interval", "1",
            // An alarm that holds from the first record on (the simulated battery is at about 12.8 V): the page lists it.
            "alarm.rule.high-voltage", "V > 1", "alarm.rule.high-voltage.device", "house");

    @Test
    void thePageShowsTheDevicesLiveAndKeepsTheirHistoryOverARestart() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
        Path dir = LoggerProcess.newWorkDir("web-page");
        long firstRunEnded;
        try (LoggerProcess first = LoggerProcess.start(dir, TWO_DEVICES)) {
            first.awaitHealthy(WAIT);
            String origin = "http://127.0.0.1:" + first.statusPort();
            // Until the store has committed a record of each device: the history the second run must still show.
            for (String device : List.of("house", "solar")) {
                awaitTrue("the store has a record of " + device, () -> {
                    JsonNode history = json(origin + "/api/history?device=" + device + "&range=24h");
                    return history != null && !history.get("firstRecord").isNull();
                });
            }
            assertNotNull(first.stop(WAIT), "the logger stops on SIGTERM");
            firstRunEnded = System.currentTimeMillis();
        }
        try (LoggerProcess logger = LoggerProcess.start(dir, TWO_DEVICES)) {
            logger.awaitHealthy(WAIT);
            String origin = "http://127.0.0.1:" + logger.statusPort();
            ChromeDriver browser = browser();
            try {
                browser.get(origin + "/");
                JavascriptExecutor js = browser;
                js.executeScript("window.notReloaded = true");

                // The cards show what /status shows: product, serial, port, UP; and the values /metrics gives. Both are
                // read again until they agree: a device's serial comes with a later block of its first cycle, so the
                // first card (or the first /status) may still show the name in its place.
                for (String device : List.of("house", "solar")) {
                    WebElement card = awaitElement(browser, By.cssSelector("article.card[data-device='" + device + "']"));
                    awaitTrue(device + "'s card shows what /status shows", () -> {
                        JsonNode status = logger.status().get("devices").get(device);
                        String ident = card.findElement(By.className("ident")).getText();
                        return List.of("product", "serial", "port").stream().allMatch(field -> ident.contains(status.get(field).asText()))
                                && card.findElement(By.className("state")).getText().equals(status.get("up").asBoolean() ? "UP" : "DOWN");
                    }, () -> card.getText() + " / " + uncheckedStatus(logger, device));
                }
                awaitTrue("the cards' values are those of /metrics", () -> {
                    Map<String, Double> metrics = metrics(origin);
                    return close(value(browser, "house", "V"), metrics.get("vedirect_battery_voltage_volts{device=\"house\"}"))
                            && close(value(browser, "house", "SOC") / 100, metrics.get("vedirect_state_of_charge_ratio{device=\"house\"}"))
                            && close(value(browser, "solar", "V"), metrics.get("vedirect_battery_voltage_volts{device=\"solar\"}"))
                            && close(value(browser, "solar", "PPV"), metrics.get("vedirect_panel_power_watts{device=\"solar\"}"));
                });

                // The alarms raised now, above the cards, as /status lists them (docs/alarms.md).
                WebElement alarm = awaitElement(browser, By.cssSelector("#alarms tr[data-device='house'][data-alarm='high-voltage']"));
                awaitTrue("the alarms section shown", alarm::isDisplayed);
                assertTrue(alarm.getText().matches("(?s).*high-voltage.*V \\d.*"), "the alarm and its value: " + alarm.getText());
                assertEquals(1, browser.findElements(By.cssSelector("#alarms tr")).size(), "only the raised one");

                // A value changes without a reload (the simulated battery's current moves with every record).
                String before = text(browser, "house", "I") + text(browser, "house", "V") + text(browser, "house", "CE");
                awaitTrue("a value of house changes on the page",
                        () -> !before.equals(text(browser, "house", "I") + text(browser, "house", "V") + text(browser, "house", "CE")));
                assertEquals(Boolean.TRUE, js.executeScript("return window.notReloaded === true"), "no reload");

                // The 24 h chart has the points from before the restart: its history's first record is older than this run.
                for (String device : List.of("house", "solar")) {
                    awaitTrue(device + "'s 24 h history drawn", () -> js.executeScript(
                            "return window.vedirectHistory['" + device + "/24h'] !== undefined") == Boolean.TRUE);
                    Number firstRecord = (Number) js.executeScript("return window.vedirectHistory['" + device + "/24h'].firstRecord");
                    assertTrue(firstRecord.longValue() < firstRunEnded, device + "'s chart starts before the restart: "
                            + firstRecord + " vs " + firstRunEnded);
                }
                WebElement voltage = awaitElement(browser, By.cssSelector(".chart[data-device='house'][data-label='V'][data-range='24h']"));
                assertTrue(Integer.parseInt(voltage.getAttribute("data-points")) >= 1, "the 24 h voltage chart has points");
                assertNotNull(voltage.findElement(By.tagName("canvas")), "drawn");

                // The other ranges: a click draws them from the store too.
                for (String range : List.of("7d", "31d")) {
                    browser.findElement(By.cssSelector(".ranges button[data-range='" + range + "']")).click();
                    awaitElement(browser, By.cssSelector(".chart[data-device='solar'][data-label='PPV'][data-range='" + range + "'] canvas"));
                    awaitTrue("house's " + range + " history drawn", () -> js.executeScript(
                            "return window.vedirectHistory['house/" + range + "'] !== undefined") == Boolean.TRUE);
                    Number first = (Number) js.executeScript("return window.vedirectHistory['house/" + range + "'].firstRecord");
                    assertTrue(first.longValue() < firstRunEnded, range + " has the records from before the restart too");
                }
                browser.findElement(By.cssSelector(".ranges button[data-range='24h']")).click();
                awaitElement(browser, By.cssSelector(".chart[data-device='house'][data-label='V'][data-range='24h'] canvas"));

                // Screenshots: wide, then narrow as on a phone, in dark mode.
                Path shots = Files.createDirectories(Path.of("target", "web-page"));
                browser.manage().window().setSize(new Dimension(1280, 1500));
                awaitTrue("charts as wide as the window", () -> ((Number) js.executeScript(
                        "return document.querySelector('.chart canvas').getBoundingClientRect().width")).doubleValue() > 900);
                Files.write(shots.resolve("wide.png"), browser.getScreenshotAs(OutputType.BYTES));
                browser.executeCdpCommand("Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
                // A phone's screen (a headless window has a minimum width, an emulated screen has none).
                browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                        Map.of("width", 390, "height", 1800, "deviceScaleFactor", 1, "mobile", false));
                awaitTrue("narrow: no sideways scrolling, the charts as narrow", () -> (Boolean) js.executeScript(
                        "return window.innerWidth === 390 && document.documentElement.scrollWidth <= window.innerWidth"
                        + " && document.querySelector('.chart canvas').getBoundingClientRect().right <= window.innerWidth"),
                        () -> js.executeScript("return document.documentElement.scrollWidth + ' > ' + window.innerWidth + ': ' + "
                                + "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
                                + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"));
                awaitTrue("dark mode", () -> !"rgb(246, 247, 249)".equals(js.executeScript(
                        "return getComputedStyle(document.body).backgroundColor")));
                Files.write(shots.resolve("narrow-dark.png"), browser.getScreenshotAs(OutputType.BYTES));

                // No request left the logger's address: what the page loaded, and every request Chrome sent for it.
                @SuppressWarnings("unchecked")
                List<String> loaded = (List<String>) js.executeScript(
                        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))");
                List<String> requested = new ArrayList<>(loaded);
                for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
                    JsonNode message = JSON.readTree(entry.getMessage()).get("message");
                    if (message.get("method").asText().equals("Network.requestWillBeSent")) {
                        requested.add(message.get("params").get("request").get("url").asText());
                    }
                }
                assertTrue(requested.size() >= 6, "the page's files and APIs: " + requested);
                List<String> elsewhere = requested.stream().filter(url -> !url.startsWith(origin + "/") && !url.startsWith("data:")).toList();
                assertEquals(List.of(), elsewhere, "requests that left the logger's address");

                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
                assertEquals(List.of(), errors, "console errors");
            } finally {
                browser.quit();
            }
        }
    }

    /** Without a store the page says there is no history, and the browser logs no error (no 404 asked for). */
    @Test
    void withoutAStoreThePageSaysSoWithoutAnError() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
        try (LoggerProcess logger = LoggerProcess.start(LoggerProcess.newWorkDir("web-no-store"),
                Map.of("vedirect.port.house", "simulator:bmv702", "store.folder", ""))) {
            logger.awaitHealthy(WAIT);
            ChromeDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + logger.statusPort() + "/");
                awaitTrue("the page says there is no history", () -> browser.findElement(By.id("charts")).getText()
                        .contains("No history: the record store is off"));
                awaitElement(browser, By.cssSelector("[data-device='house'][data-label='V']"));
                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
                assertEquals(List.of(), errors, "console errors");
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The page's API: an unknown device or range is a 400 with one line; files are gzipped for a client that takes it;
     * the page changes nothing (a POST is 405).
     */
    @Test
    void theApiAnswersBadInputWithOneLine() throws Exception {
        try (LoggerProcess logger = LoggerProcess.start(LoggerProcess.newWorkDir("web-api"), TWO_DEVICES)) {
            logger.awaitHealthy(WAIT);
            String origin = "http://127.0.0.1:" + logger.statusPort();
            HttpResponse<String> device = get(origin + "/api/history?device=garage&range=24h");
            assertEquals(400, device.statusCode());
            assertEquals("unknown device: garage\n", device.body());
            HttpResponse<String> range = get(origin + "/api/history?device=house&range=1y");
            assertEquals(400, range.statusCode());
            assertEquals("unknown range: 1y (24h, 7d or 31d)\n", range.body());
            HttpResponse<String> none = get(origin + "/api/history?range=24h");
            assertEquals(400, none.statusCode());
            assertEquals("unknown device: null\n", none.body());
            assertEquals(404, get(origin + "/nothing-here").statusCode());
            HttpResponse<byte[]> gzipped = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/uPlot.js"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/history?device=house&range=24h"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(logger.log(l -> l.contains("Exception") || l.contains("\tat ")).isEmpty(), "no stack trace" + logger.tail());
        }
    }

    /**
     * Open streams are capped: the 17th page is a 503 and one log line; pages that go have their streams closed,
     * so as many can open again.
     */
    @Test
    void openStreamsAreCappedAndClosedWhenThePageGoes() throws Exception {
        try (LoggerProcess logger = LoggerProcess.start(LoggerProcess.newWorkDir("web-streams"), TWO_DEVICES)) {
            logger.awaitHealthy(WAIT);
            String events = "http://127.0.0.1:" + logger.statusPort() + "/events";
            List<HttpURLConnection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    HttpURLConnection stream = stream(events);
                    assertEquals(200, stream.getResponseCode(), "stream " + (i + 1));
                    open.add(stream);
                }
                HttpURLConnection refused = stream(events);
                assertEquals(503, refused.getResponseCode(), "the 17th stream");
                refused.disconnect();
                logger.awaitLogLine("the refused stream's line", WAIT, l -> l.contains("Page stream from") && l.contains("refused"));
                assertEquals(1, logger.log(l -> l.contains("Page stream from")).size(), "one line per refused stream");
            } finally {
                open.forEach(HttpURLConnection::disconnect);
            }
            // The pages went: their streams are closed at the next write, and 16 open again.
            awaitTrue("16 streams open again after the pages went", () -> {
                List<HttpURLConnection> again = new ArrayList<>();
                try {
                    for (int i = 0; i < 16; i++) {
                        HttpURLConnection stream = stream(events);
                        again.add(stream);
                        if (stream.getResponseCode() != 200) {
                            return false;
                        }
                    }
                    return true;
                } finally {
                    again.forEach(HttpURLConnection::disconnect);
                }
            });
        }
    }

    private static HttpURLConnection stream(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        connection.connect();
        if (connection.getResponseCode() == 200) {
            // The first cards: the stream is open and written to.
            InputStream in = connection.getInputStream();
            assertTrue(in.read() >= 0);
        }
        return connection;
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-component-update");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("target/web-page-chromedriver.log")).build();
        return new ChromeDriver(service, options);
    }

    private static WebElement awaitElement(ChromeDriver browser, By by) throws Exception {
        awaitTrue("element " + by, () -> !browser.findElements(by).isEmpty());
        return browser.findElement(by);
    }

    private static String text(ChromeDriver browser, String device, String label) {
        return browser.findElement(By.cssSelector("[data-device='" + device + "'][data-label='" + label + "']:not(.chart)")).getText();
    }

    private static double value(ChromeDriver browser, String device, String label) {
        return Double.parseDouble(text(browser, device, label));
    }

    private static boolean close(double page, Double metric) {
        return metric != null && Math.abs(page - metric) < 1e-9;
    }

    private static Map<String, Double> metrics(String origin) throws Exception {
        Map<String, Double> metrics = new java.util.HashMap<>();
        for (String line : get(origin + "/metrics").body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                try {
                    metrics.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // Not a number (NaN is one): not compared.
                }
            }
        }
        return metrics;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> reply = get(url);
        return reply.statusCode() == 200 ? JSON.readTree(reply.body()) : null;
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static String uncheckedStatus(LoggerProcess logger, String device) {
        try {
            return String.valueOf(logger.status().get("devices").get(device));
        } catch (IOException e) {
            return "no /status: " + e.getMessage();
        }
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        awaitTrue(what, check, () -> "");
    }

    /** Polls {@code check} every 100 ms until it holds, for at most {@link #WAIT}; {@code why} says more when it fails. */
    private static void awaitTrue(String what, Check check, java.util.function.Supplier<Object> why) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new Exception(e);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what + (last == null ? "" : " (" + last + ")") + " " + why.get());
    }
}
