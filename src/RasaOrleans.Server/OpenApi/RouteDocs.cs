using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.OpenApi;

/// <summary>
/// The description of every route the server maps, for <c>/openapi/v1.json</c>: the controllers' routes (found by
/// ASP.NET Core's generator, described here) and the endpoints outside MVC (health, metrics), added to the
/// document from here. A route missing here is caught by the test that compares the document with the app's
/// endpoints.
/// </summary>
public static class RouteDocs
{
    private const string Ok = "The answer.";
    private const string BadBody = "The body or a parameter is not valid; nothing changed.";
    private const string NoModel = "No model is loaded for the bot.";
    private const string Tracker = "The conversation's next action and tracker.";

    private static readonly Dictionary<int, string> s_turn = new()
    {
        [200] = Tracker, [400] = BadBody, [413] = "The body is too large.", [503] = NoModel,
    };

    private static readonly RouteDoc[] s_conversationRoutes =
    [
        new("POST", "parse", "A user message arrived: log it, predict the next action (Rasa Core 0.10).", s_turn, """{"query": "hello"}"""),
        new("GET", "parse", "parse with ?q= or ?query=.", new Dictionary<int, string> { [200] = Tracker, [400] = BadBody, [503] = NoModel }),
        new("POST", "continue", "The client ran the predicted action: log it and its events, predict the next one.", s_turn,
            """{"executed_action": "utter_greet", "events": []}"""),
        new("GET", "tracker", "The conversation's tracker (created when new); ?include_events=ALL|AFTER_RESTART|APPLIED|NONE, ?until=.",
            new Dictionary<int, string> { [200] = "The tracker.", [400] = BadBody, [503] = NoModel }),
        new("PUT", "tracker", "Replace the conversation's events with the posted list.",
            new Dictionary<int, string> { [200] = "The new tracker.", [400] = BadBody, [413] = "The body is too large.", [503] = NoModel },
            """[{"event": "action", "name": "action_listen"}]"""),
        new("POST", "tracker/events", "Append events (a list, or one event object).",
            new Dictionary<int, string> { [200] = "The tracker.", [400] = BadBody, [413] = "The body is too large.", [503] = NoModel },
            """[{"event": "slot", "name": "cuisine", "value": "thai"}]"""),
        new("PUT", "tracker/events", "Replace the conversation's events (Rasa 0.11).",
            new Dictionary<int, string> { [200] = "The new tracker.", [400] = BadBody, [413] = "The body is too large.", [503] = NoModel },
            """[{"event": "action", "name": "action_listen"}]"""),
        new("POST", "respond", "Handle a message on the server and answer the bot's messages.",
            new Dictionary<int, string> { [200] = "The bot's messages.", [400] = BadBody, [413] = "The body is too large.", [503] = NoModel },
            """{"query": "hello"}"""),
        new("GET", "respond", "respond with ?q= or ?query=.",
            new Dictionary<int, string> { [200] = "The bot's messages.", [400] = BadBody, [503] = NoModel }),
        new("POST", "predict", "Every action's score for the current state; changes nothing.",
            new Dictionary<int, string> { [200] = "Scores, the policy and its confidence, the tracker.", [503] = NoModel }),
        new("POST", "messages", "Later Rasa: log a user message without predicting.",
            new Dictionary<int, string> { [200] = "The tracker.", [400] = BadBody, [413] = "The body is too large.", [503] = NoModel },
            """{"text": "hello", "sender": "user"}"""),
        new("POST", "execute", "Later Rasa: run one action on the server (custom actions on the action server).",
            new Dictionary<int, string>
            {
                [200] = """{"tracker", "messages"}""", [400] = BadBody, [502] = ActionFailed, [503] = NoModel, [504] = ActionTimedOut,
            }, """{"name": "utter_greet"}"""),
        new("POST", "trigger_intent", "Later Rasa: log the intent as a user message, then run the predicted actions on the server.",
            new Dictionary<int, string>
            {
                [200] = """{"tracker", "messages"}""", [400] = BadBody, [404] = "The domain has no such intent.", [502] = ActionFailed,
                [503] = NoModel, [504] = ActionTimedOut,
            }, """{"name": "greet", "entities": {"name": "alice"}}"""),
        new("GET", "story", "Later Rasa: the conversation as a YAML test story; ?until=, ?all_sessions=.",
            new Dictionary<int, string> { [200] = "The story.", [400] = BadBody, [503] = NoModel }, ContentType: "text/plain"),
    ];

    private const string ActionFailed =
        "A custom action failed (the action server could not be reached, answered 5xx or broke the protocol); the conversation keeps the events before it.";

    private const string ActionTimedOut = "A custom action did not answer in time; the conversation keeps the events before it.";

    private const string NoChannel = "The channel is not in the credentials file.";

    private static readonly Dictionary<int, string> s_channel = new()
    {
        [200] = "The bot's messages.", [400] = BadBody, [404] = NoChannel, [502] = ActionFailed, [503] = NoModel, [504] = ActionTimedOut,
    };


    /// <summary>Every documented route.</summary>
    public static IReadOnlyList<RouteDoc> All { get; } =
    [
        new("GET", "/", "Greeting with the Rasa Core version.", new Dictionary<int, string> { [200] = Ok }, ContentType: "text/plain", Anonymous: true),
        new("GET", "/version", "The Rasa Core version.", new Dictionary<int, string> { [200] = """{"version": "0.10.4"}""" }, Anonymous: true),
        .. s_conversationRoutes.Select(r => r with { Path = "/conversations/{id}/" + r.Path }),
        .. s_conversationRoutes.Select(r => r with { Path = "/conversation/{id}/" + r.Path, Summary = r.Summary + " (singular alias)" }),
        new("GET", "/conversations", "The ids of the stored conversations; ?limit=&after= pages through them in id order.",
            new Dictionary<int, string> { [200] = "A JSON list of ids.", [400] = BadBody }),
        new("GET", "/conversations/recent", "The stored conversations, most recently written first: ?limit= (1–1000, default 20), ?search= (part of the id), ?after= (the previous page's next).",
            new Dictionary<int, string> { [200] = """{"conversations": [{"sender_id", "updated", "events"}], "next": cursor or null}""", [400] = BadBody }),
        new("GET", "/domain", "The served bot's domain, as JSON or YAML by Accept.",
            new Dictionary<int, string> { [200] = "The domain.", [406] = "Neither JSON nor YAML is acceptable.", [503] = NoModel }),
        new("POST", "/load", "Load a model: a multipart form whose 'model' field is a zip of a model directory.",
            new Dictionary<int, string> { [200] = "The model is served.", [400] = "The upload is not a valid model; nothing changed.", [413] = "The upload is too large." }),
        new("POST", "/parse", "Rasa NLU: parse a message with a named or the default NLU model.",
            new Dictionary<int, string> { [200] = "parse_data with model and project.", [400] = BadBody, [404] = "No NLU model of that name." },
            """{"q": "hello", "model": "default"}"""),
        new("GET", "/parse", "Rasa NLU: parse ?q= with ?model=.",
            new Dictionary<int, string> { [200] = "parse_data with model and project.", [400] = BadBody, [404] = "No NLU model of that name." }),
        new("POST", "/model/parse", "Later Rasa: parse a message with the bot's NLU model.",
            new Dictionary<int, string> { [200] = "parse_data.", [400] = BadBody }, """{"text": "hello"}"""),
        new("POST", "/train", "Rasa NLU: train a model from the body's training data (JSON, Markdown or YAML); ?name= names it.",
            new Dictionary<int, string>
            {
                [200] = "The model is trained and served.", [400] = BadBody, [413] = "The body is too large.",
                [503] = "Too many trainings are running.", [504] = "The training took too long.",
            }, """{"rasa_nlu_data": {"common_examples": [{"text": "hello", "intent": "greet", "entities": []}]}}"""),
        new("GET", "/status", "Rasa NLU: the models, running trainings and what this silo serves.", new Dictionary<int, string> { [200] = Ok }),
        new("GET", "/cluster/models", "The model registry and what every silo serves.", new Dictionary<int, string> { [200] = Ok }),
        new("POST", "/webhooks/rest/webhook", "Rasa's REST channel: handle a message end to end.",
            s_channel, """{"sender": "alice", "message": "hello"}""", Anonymous: true),
        new("GET", "/webhooks/rest", "Rasa's REST channel: is it up.",
            new Dictionary<int, string> { [200] = """{"status": "ok"}""", [404] = NoChannel }, Anonymous: true),
        new("POST", "/webhooks/callback/webhook", "Rasa's callback channel: handle a message, post the bot's messages to the callback url.",
            new Dictionary<int, string>(s_channel) { [200] = "success", [502] = ActionFailed + " Or the callback url could not be reached." },
            """{"sender": "alice", "message": "hello"}""", ContentType: "text/plain", Anonymous: true),
        new("GET", "/webhooks/callback", "Rasa's callback channel: is it up.",
            new Dictionary<int, string> { [200] = """{"status": "ok"}""", [404] = NoChannel }, Anonymous: true),
        new("POST", "/model/train", "Later Rasa: train a model from a YAML (or 1.x JSON) body; answers the model as a zip.",
            new Dictionary<int, string>
            {
                [200] = "The model archive (header filename).", [400] = BadBody, [413] = "The body is too large.", [503] = "Too many trainings are running.",
            }, """ "version: '3.1'\nnlu: []\n" """, ContentType: "application/zip"),
        new("PUT", "/model", "Later Rasa: load a model from the model directory (model_file) through the model registry.",
            new Dictionary<int, string> { [204] = "The model is served.", [400] = BadBody }, """{"model_file": "models/greetbot/model"}"""),
        new("DELETE", "/model", "Later Rasa: unload the bot's model cluster-wide.", new Dictionary<int, string> { [204] = "The model is unloaded." }),
        new("POST", "/model/test/intents", "Later Rasa: evaluate NLU test data (YAML, Markdown or JSON) with the loaded model.",
            new Dictionary<int, string> { [200] = "The intent and entity evaluation.", [400] = BadBody, [409] = "No model is loaded." },
            """ "nlu:\n- intent: greet\n  examples: |\n    - hello\n" """),
        new("POST", "/model/test/stories", "Later Rasa: evaluate test stories (YAML or Markdown) with the loaded model.",
            new Dictionary<int, string> { [200] = "The story evaluation.", [400] = BadBody, [409] = "No model is loaded." },
            """ "stories:\n- story: greet\n  steps:\n  - intent: greet\n  - action: utter_greet\n" """),
        new("GET", "/health/live", "Liveness probe: answers while the process serves HTTP.", new Dictionary<int, string> { [200] = "Healthy." },
            ContentType: "text/plain", Anonymous: true),
        new("GET", "/health/ready", "Readiness probe: silo active and storage reachable.",
            new Dictionary<int, string> { [200] = "Healthy.", [503] = "Unhealthy." }, ContentType: "text/plain", Anonymous: true),
        new("GET", "/metrics", "Prometheus scraping endpoint.", new Dictionary<int, string> { [200] = "Metrics in the Prometheus text format." },
            ContentType: "text/plain", Anonymous: true),
    ];

    /// <summary>The routes mapped outside MVC, which the generator does not see: added to the document from <see cref="All"/>.</summary>
    public static IReadOnlySet<string> OutsideMvc { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        HealthExtensions.LivePath, HealthExtensions.ReadyPath, "/metrics",
    };

    /// <summary>The description of a route, or null.</summary>
    public static RouteDoc? Find(string method, string path) =>
        All.FirstOrDefault(r => r.Method == method && string.Equals(r.Path, path, StringComparison.Ordinal));
}
