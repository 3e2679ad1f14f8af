package org.hindsight.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.hindsight.user.HindsightUser;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium session for browser tests. Uses the installed Chromium and chromedriver (env
 * {@code HINDSIGHT_CHROMIUM}, {@code HINDSIGHT_CHROMEDRIVER}), so Selenium Manager never downloads
 * anything. A test can run several sessions at once: each has its own driver and Chromium.
 *
 * <p>Each session is a new window, at the laptop size, in a Chromium kept between sessions in this JVM: starting a
 * Chromium costs about 3 s of CPU, the larger part of a short browser test's (all browser tests: 557 s of the
 * machine's CPU with a Chromium each, 468 s kept). Closing a session closes its windows, then clears every cookie (of
 * every host), the cache and the storage of the session's own origin, so the next session starts signed out with
 * nothing cached; form entries and passwords are never saved (the profile's preferences). What a new Chromium had
 * and a kept one does not: the history of visited links, the clipboard, and other origins' storage (the application
 * keeps nothing there). The Chromium's first window, blank, stays open under the session's: it is among
 * {@code driver().getWindowHandles()}. A kept Chromium that fails to open a session is quit and the next (or a new
 * one) opens it; one that fails to end a session is quit, saying why; the idle ones are quit when the JVM exits.
 *
 * <pre>try (Browser browser = Browser.start("http://localhost:" + port)) { browser.open("/login"); ... }</pre>
 */
public final class Browser implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INSTALL_HINT = "Install it with: apt-get install -y chromium chromium-driver";

    /** A new session's window: a laptop's. */
    private static final Dimension WINDOW = new Dimension(1280, 900);
    /** Chromiums kept between sessions, each with no session open. */
    private static final Deque<Chromium> IDLE = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IDLE) {
                IDLE.forEach(Chromium::quit);
                IDLE.clear();
            }
        }, "browser-test-chromium-quit"));
    }

    private final String baseUrl;
    private final Chromium chromium;
    private final ChromeDriver driver;
    /** Set by the first {@link #close()}: a second must not give the Chromium back twice. */
    private boolean closed;

    private Browser(String baseUrl, Chromium chromium) {
        this.baseUrl = baseUrl;
        this.chromium = chromium;
        this.driver = chromium.driver;
    }

    /**
     * Opens a new session (a new window) in a kept Chromium, or in a new one when none is free; {@link #open(String)}
     * resolves paths against {@code baseUrl}.
     */
    public static Browser start(String baseUrl) {
        while (true) {
            Chromium chromium;
            synchronized (IDLE) {
                chromium = IDLE.poll();
            }
            boolean kept = chromium != null;
            if (!kept) {
                chromium = Chromium.launch();
            }
            try {
                chromium.driver.switchTo().newWindow(WindowType.WINDOW);
                chromium.driver.manage().window().setSize(WINDOW);
                return new Browser(baseUrl, chromium);
            } catch (RuntimeException e) {
                chromium.quit();
                if (!kept) {
                    throw e;
                }
                // a kept Chromium that died while idle: the next one, or a new one, opens the session
            }
        }
    }

    /** A Chromium and its driver, with the window it started with (never used by a session). */
    private static final class Chromium {

        private final Path profile;
        private final ChromeDriver driver;
        private final String firstWindow;

        private Chromium(Path profile, ChromeDriver driver) {
            this.profile = profile;
            this.driver = driver;
            this.firstWindow = driver.getWindowHandle();
        }

        static Chromium launch() {
            File chromium = installed("HINDSIGHT_CHROMIUM", "/usr/bin/chromium", "Chromium");
            File chromedriver = installed("HINDSIGHT_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver");
            Path profile;
            try {
                profile = Files.createTempDirectory("hindsight-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(), "--user-data-dir=" + profile);
            // the profile outlives a session: nothing typed into a form or a password is kept for the next one
            options.setExperimentalOption("prefs", Map.of("autofill.profile_enabled", false,
                    "autofill.credit_card_enabled", false, "credentials_enable_service", false,
                    "profile.password_manager_enabled", false));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                    .build();
            try {
                return new Chromium(profile, new ChromeDriver(service, options));
            } catch (RuntimeException e) {
                deleteQuietly(profile);
                throw e;
            }
        }

        /**
         * Ends a session: closes the session's windows, clears every cookie, the cache and the storage of
         * {@code origin} and puts the driver's timeouts back, then keeps this Chromium; one that fails at this is quit.
         */
        void release(String origin) {
            try {
                // the session's pages first, so that none of them sets a cookie after the clearing
                for (String handle : driver.getWindowHandles()) {
                    if (!handle.equals(firstWindow)) {
                        driver.switchTo().window(handle);
                        driver.close();
                    }
                }
                driver.switchTo().window(firstWindow);
                driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
                driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
                driver.manage().timeouts().implicitlyWait(Duration.ZERO);
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
                driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(5));
            } catch (RuntimeException e) {
                // quit, not kept (a confirm left open, a Chromium gone): the next session starts a new one
                System.err.println("Browser: the session's Chromium could not be reset for the next, quit: " + e);
                quit();
                return;
            }
            synchronized (IDLE) {
                IDLE.push(this);
            }
        }

        void quit() {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // already gone
            } finally {
                deleteQuietly(profile);
            }
        }
    }

    /** A missing browser is a broken test setup, so this fails rather than skips. */
    private static File installed(String variable, String fallback, String what) {
        String configured = System.getenv(variable);
        File file = new File(configured == null || configured.isBlank() ? fallback : configured);
        if (!file.canExecute()) {
            fail(what + " not found at " + file + " (set " + variable + " to another path). " + INSTALL_HINT);
        }
        return file;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(baseUrl + path);
    }

    /** The current address without the base URL, e.g. {@code /login?error}. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    public WebElement find(By locator) {
        return driver.findElement(locator);
    }

    /**
     * Waits up to 10 seconds, e.g. {@code browser.await().until(urlContains("/incidents"))}. An element that a live
     * update replaced while the condition read it is read again at the next poll, not a failure.
     */
    public WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Signs in through the sign-in form as a test account ({@link TestUsers#PASSWORD}) and waits for the incident
     * list, where a sign-in lands.
     */
    public void signIn(HindsightUser user) {
        open("/login");
        find(By.id("username")).sendKeys(user.getUsername());
        find(By.id("password")).sendKeys(TestUsers.PASSWORD);
        find(By.cssSelector("main form button[type=submit]")).click();
        await().withMessage("signed in as " + user.getUsername()).until(urlMatches("/incidents$"));
    }

    /**
     * Waits until the element with this id has the keyboard focus, and returns it. Chromium applies {@code autofocus}
     * and a script's {@code focus()} at its next rendering step, which under load may come after {@code get} or a
     * click has returned; a user sees the cursor arrive a moment later, so the test waits for it as the user would.
     */
    public WebElement awaitFocus(String id, String what) {
        return await().withMessage(what + ": the focus is not on #" + id).until(d -> {
            WebElement active = d.switchTo().activeElement();
            return id.equals(active.getDomAttribute("id")) ? active : null;
        });
    }

    /** axe-core, fetched by the build from the npm registry (see pom.xml). */
    private static final Path AXE = Path.of("target", "axe-core", "package", "axe.min.js");

    /**
     * The accessibility violations axe-core finds on the page as it is now, with the given impacts (e.g.
     * {@code critical}, {@code serious}), each as "rule (impact): help, at selector, ...".
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations(Set<String> impacts) {
        String axe;
        try {
            axe = Files.readString(AXE);
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is fetched by the build (mvn generate-test-resources)", e);
        }
        driver.executeScript(axe);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + " axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        return violations.stream().filter(v -> impacts.contains(String.valueOf(v.get("impact"))))
                .map(v -> v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + ", at "
                        + String.join(", ", (List<String>) v.get("nodes")))
                .toList();
    }

    /** Saves the visible page as {@code target/screenshots/<name>.png} and returns that path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends this session; its Chromium is kept for the next (see the class comment). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            chromium.release(baseUrl);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp profile is harmless
        }
    }
}
