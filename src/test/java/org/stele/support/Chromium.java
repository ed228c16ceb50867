package org.stele.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** A real headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run) driven through WebDriver. */
public final class Chromium {
    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private Chromium() {
    }

    /**
     * A fresh browser with its own profile and {@code extra} arguments; quit it when done. Skips locally, fails in CI,
     * when Chromium is missing.
     */
    public static ChromeDriver start(String... extra) throws Exception {
        Clients.require(Clients.exists(BINARY) && Clients.exists(DRIVER), "Debian chromium + chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + Files.createTempDirectory("stele-chromium"));
        options.addArguments(extra);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as target/screenshots/{name}, a test artefact. */
    public static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
