package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.catalog.StoryboardCatalog;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page in a real browser (Debian's chromium + chromium-driver; skipped where they are missing):
 * log in with a token, open the storyboard from the list, see the keyframe preview, approve it, and watch the
 * page follow the storyboard to its final cut through server-sent events.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPageBrowserTest extends ApiTestSupport {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Inject
  EmbeddedServer server;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  StoryboardCatalog catalog;

  @Inject
  ObjectMapper json;

  private ChromeDriver driver;

  @BeforeAll
  void startBrowser() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "chromium-driver not installed");
    driver = new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).build(),
        new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless=new", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,1000"));
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** Kept under target/ for a look at the page as CI saw it. */
  private void screenshot(String name) throws java.io.IOException {
    Path target = Path.of("target", name);
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void reviewerApprovesAKeyframeAndWatchesTheStoryboardFinish() throws Exception {
    String spec = """
        {"title": "Browser review", "provider": "local",
         "review": {"keyframes": "required", "clips": "auto"},
         "shots": [{"id": "harbour", "prompt": "Slow pan across the harbour", "duration": 5,
                    "start_frame": {"prompt": "A quiet harbour before dawn"}}]}
        """;
    String created = http.toBlocking().retrieve(HttpRequest.POST("/api/storyboards", spec)
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class);
    String id = json.readTree(created).path("id").asText();
    String base = server.getURL().toString();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));

    driver.get(base + "/review/");
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("token")));
    token.sendKeys(tokens.tokenFor("reviewer"));
    driver.findElement(By.cssSelector("#login button[type=submit]")).click();

    WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Browser review")));
    link.click();
    wait.until(ExpectedConditions.urlContains("/review/" + id));

    WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article.review")));
    assertEquals("keyframe:harbour:start", card.findElement(By.cssSelector(".subject")).getText());
    WebElement preview = card.findElement(By.cssSelector(".take img"));
    wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
        "return arguments[0].complete ? arguments[0].naturalWidth : 0", preview)).intValue() > 0);
    assertEquals("awaiting review", driver.findElement(By.id("state")).getText().toLowerCase());

    screenshot("review-page-pending.png");
    card.findElement(By.cssSelector(".note")).sendKeys("Good light");
    card.findElement(By.cssSelector("button.approve")).click();

    wait.until(ExpectedConditions.attributeContains(By.id("state"), "class", "completed"));
    WebElement finalCut = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
    assertTrue(finalCut.getAttribute("src").contains("/api/assets/"), finalCut.getAttribute("src"));
    assertEquals("100%", driver.findElement(By.id("percent")).getText());
    assertTrue(driver.findElements(By.cssSelector("article.review")).isEmpty());
    screenshot("review-page-completed.png");

    var review = catalog.reviews(id).get(0);
    assertEquals("approve", review.verdict());
    assertEquals("Good light", review.note());
    assertEquals("reviewer", review.reviewer());
  }
}
