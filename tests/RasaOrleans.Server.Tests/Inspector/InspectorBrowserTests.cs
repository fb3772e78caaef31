using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace RasaOrleans.Server.Tests.Inspector;

/// <summary>
/// The inspector in a real headless Chromium against a real server with a token: it shows conversations created
/// through the API, follows a conversation live, lists the silos' models, parses a message, and the page logs no
/// console error. When <c>RASA_INSPECTOR_SCREENSHOTS</c> names a folder, the views are saved there as PNG files
/// (<c>docs/screenshots.sh</c> uses this for the README's pictures).
/// </summary>
public sealed class InspectorBrowserTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [ChromiumFact]
    public async Task The_inspector_shows_a_conversation_and_follows_it_live_without_console_errors()
    {
        await using var server = new InspectorServer();
        var older = RasaClient.NewId("older");
        var id = RasaClient.NewId("inspected");
        await RespondAsync(server, older, "hello");
        await RespondAsync(server, id, "hello");
        using var browser = Chromium.Start();

        browser.Navigate().GoToUrl(server.Url($"/inspect/conversations/{id}"));

        // the timeline shows the user's message with its intent, the bot's answer, and the policy that chose it
        await UntilAsync(browser, () => Timeline(browser).Contains("Hey! How are you?", StringComparison.Ordinal), "the bot's answer in the timeline");
        var user = browser.FindElement(By.CssSelector("#timeline [data-event-type=user]"));
        Assert.Contains("hello", user.Text, StringComparison.Ordinal);
        Assert.Contains("greet", user.FindElement(By.CssSelector(".nlu")).Text, StringComparison.Ordinal);
        var greet = browser.FindElements(By.CssSelector("#timeline [data-event-type=action]")).Single(a => a.Text.Contains("utter_greet", StringComparison.Ordinal));
        Assert.Contains("MemoizationPolicy", greet.Text, StringComparison.Ordinal);
        Assert.Contains("100.0%", greet.Text, StringComparison.Ordinal);

        // the list: newest first
        await UntilAsync(browser, () => ListedIds(browser).Contains(older), "both conversations in the list");
        var listed = ListedIds(browser);
        Assert.True(listed.IndexOf(id) < listed.IndexOf(older), string.Join(", ", listed));

        // a turn added through the API appears without reloading the page
        var before = EventCount(browser);
        await RespondAsync(server, id, """/tell_name{"name": "Ada"}""");
        var tracker = await server.Api.TrackerAsync(id, "?include_events=ALL");
        var expected = tracker["events"]!.AsArray().Count;
        await UntilAsync(browser, () => EventCount(browser) == expected, $"{expected} events in the timeline (it had {before})");
        Assert.Contains("Nice to meet you, Ada!", Timeline(browser), StringComparison.Ordinal);
        var told = browser.FindElements(By.CssSelector("#timeline [data-event-type=user]"))[^1];
        Assert.Contains("tell_name", told.Text, StringComparison.Ordinal);
        Assert.Equal("name=Ada", told.FindElement(By.CssSelector(".chip")).Text);
        Assert.Contains("name = Ada", browser.FindElement(By.CssSelector("#timeline [data-event-type=slot]")).Text, StringComparison.Ordinal);
        await SaveScreenshotAsync(browser, "inspector-conversation.png");

        // the models each silo serves
        browser.FindElement(By.CssSelector("[data-nav=models]")).Click();
        await UntilAsync(browser, () => browser.FindElements(By.CssSelector("#silos tr[data-silo]")).Count > 0, "a silo in the models view");
        Assert.Contains("default", browser.FindElement(By.Id("silos")).Text, StringComparison.Ordinal);
        Assert.False(browser.FindElement(By.Id("conversations-view")).Displayed);
        await SaveScreenshotAsync(browser, "inspector-models.png");

        // the NLU try-it box
        browser.FindElement(By.CssSelector("[data-nav=nlu]")).Click();
        browser.FindElement(By.Id("nlu-text")).SendKeys("hello there");
        browser.FindElement(By.CssSelector("#nlu-form button")).Click();
        await UntilAsync(browser, () => browser.FindElements(By.Id("nlu-intent")).Count > 0, "the parse result");
        Assert.Contains("greet", browser.FindElement(By.Id("nlu-intent")).Text, StringComparison.Ordinal);
        Assert.False(browser.FindElement(By.Id("models-view")).Displayed);
        await SaveScreenshotAsync(browser, "inspector-nlu.png");

        Assert.Empty(Chromium.ConsoleErrors(browser));
    }

    [ChromiumFact]
    public async Task Searching_the_list_by_id_shows_only_matching_conversations()
    {
        await using var server = new InspectorServer();
        var wanted = RasaClient.NewId("needle");
        var other = RasaClient.NewId("hay");
        await RespondAsync(server, wanted, "hello");
        await RespondAsync(server, other, "hello");
        using var browser = Chromium.Start();
        browser.Navigate().GoToUrl(server.Url("/inspect/"));
        await UntilAsync(browser, () => ListedIds(browser).Contains(other), "the conversations listed");

        browser.FindElement(By.Id("search")).SendKeys(wanted[..12]);

        await UntilAsync(browser, () => ListedIds(browser) is [var only] && only == wanted, "only the matching conversation listed");
        browser.FindElement(By.CssSelector($"#conversations a[data-conversation='{wanted}']")).Click();
        await UntilAsync(browser, () => EventCount(browser) > 0, "the picked conversation's timeline");
        Assert.EndsWith($"#/conversations/{wanted}", browser.Url, StringComparison.Ordinal);
        Assert.Empty(Chromium.ConsoleErrors(browser));
    }

    private static async Task RespondAsync(InspectorServer server, string id, string text)
    {
        var (status, body) = await server.Api.PostAsync($"/conversations/{id}/respond", new System.Text.Json.Nodes.JsonObject { ["query"] = text }.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"respond: {status} {body}");
    }

    private static string Timeline(ChromeDriver browser) =>
        browser.FindElements(By.Id("timeline")) is [var timeline] ? timeline.Text : "";

    private static int EventCount(ChromeDriver browser) =>
        browser.FindElements(By.Id("timeline")) is [var timeline] && int.TryParse(timeline.GetAttribute("data-events"), out var n) ? n : 0;

    private static List<string> ListedIds(ChromeDriver browser) =>
        [.. browser.FindElements(By.CssSelector("#conversations a[data-conversation]")).Select(a => a.GetAttribute("data-conversation") ?? "")];

    private static async Task UntilAsync(ChromeDriver browser, Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!Holds(condition))
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"not within {Deadline.TotalSeconds:0} s: {what}. Console errors: {string.Join(" | ", Chromium.ConsoleErrors(browser))}");
            }
        }
    }

    // the page re-renders while it is read: an element can go stale between finding and reading it
    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (StaleElementReferenceException)
        {
            return false;
        }
    }

    private static Task SaveScreenshotAsync(ChromeDriver browser, string name)
    {
        if (Environment.GetEnvironmentVariable("RASA_INSPECTOR_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
        }

        return Task.CompletedTask;
    }
}
