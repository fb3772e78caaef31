using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace RasaOrleans.Integration.Tests.Processes;

/// <summary>
/// Rasa's client loop over HTTP: <c>parse</c> a user message, then <c>continue</c> with each predicted action
/// until the next action is <c>action_listen</c>. Every request goes to a silo picked with the caller's seeded
/// <see cref="Random"/> from <c>targets</c> (asked anew per request, so a test can take silos away). It records
/// which user messages were acknowledged (their <c>parse</c> answered 200), when each conversation was answered,
/// and every request that got no 200.
/// </summary>
/// <remarks>
/// Each message names its turn (<c>/greet{"turn": "3"}</c>), so the tracker shows which message is which. A
/// message is only acknowledged by a 200; a failed request may still have been applied, so a retried message can
/// appear twice in the tracker.
/// </remarks>
public sealed class DialogueClient(Func<IReadOnlyList<SiloProcess>> targets) : IDisposable
{
    /// <summary>The intents of the greetbot, sent as <c>/intent</c> texts.</summary>
    public static readonly IReadOnlyList<string> GreetbotIntents = ["greet", "mood_great", "mood_unhappy", "affirm", "deny", "thank", "goodbye"];

    private const string ActionListen = "action_listen";
    private const int MaxActionsPerTurn = 10;
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(60);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<string, ConversationRecord> _conversations = new();
    private readonly ConcurrentQueue<FailedRequest> _failures = new();
    private readonly ConcurrentQueue<(string Silo, TimeSpan Sent, TimeSpan Answered)> _answers = new();

    /// <summary>
    /// When true, a 5xx answer or a transport failure is recorded and the request sent again, after a short wait,
    /// to another silo (until a deadline); when false it fails the test at once.
    /// </summary>
    public bool RetryUnavailable { get; init; }

    /// <summary>When true, a 4xx answer is recorded and ends the turn; when false it fails the test.</summary>
    public bool RejectedTurnsAllowed { get; init; }

    /// <summary>The intents user messages are drawn from.</summary>
    public IReadOnlyList<string> Intents { get; init; } = GreetbotIntents;

    /// <summary>Time since the client was created: the clock of <see cref="FailedRequest.At"/> and <see cref="FirstAnswerAfter"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Every request that got no 200, in the order they failed.</summary>
    public IReadOnlyList<FailedRequest> Failures => [.. _failures];

    /// <summary>The user messages of a conversation whose <c>parse</c> answered 200, in the order they were sent.</summary>
    public IReadOnlyList<string> Acknowledged(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var record) ? record.Acknowledged() : [];

    /// <summary>When the first request about the conversation that was sent at or after <paramref name="since"/> was answered 200; null if none yet.</summary>
    public TimeSpan? FirstAnswerAfter(string conversationId, TimeSpan since) =>
        _conversations.TryGetValue(conversationId, out var record) ? record.FirstAnswerAfter(since) : null;

    /// <summary>
    /// The longest a request of the conversation waited after <paramref name="instant"/> for its 200 (a request in
    /// flight at a kill counts from the kill): how long the conversation was unavailable.
    /// </summary>
    public TimeSpan LongestWaitAfter(string conversationId, TimeSpan instant) =>
        _conversations.TryGetValue(conversationId, out var record) ? record.LongestWaitAfter(instant) : TimeSpan.Zero;

    /// <summary>How many requests sent to <paramref name="silo"/> before <paramref name="instant"/> it answered 200 after it.</summary>
    public int AnsweredAcross(SiloProcess silo, TimeSpan instant) =>
        _answers.Count(a => a.Silo == silo.Name && a.Sent < instant && a.Answered > instant);

    /// <summary>
    /// Runs every conversation at once, each one turn after the other: <paramref name="turns"/> turns, or fewer when
    /// <paramref name="stop"/> is cancelled (a turn under way is finished first). Conversation i draws from
    /// <c>new Random(seed + i)</c>.
    /// </summary>
    public Task DriveAsync(IReadOnlyList<string> conversationIds, int seed, int turns, CancellationToken stop = default) =>
        Task.WhenAll(conversationIds.Select((id, i) => Task.Run(async () =>
        {
            var random = new Random(seed + i);
            for (var turn = 0; turn < turns && !stop.IsCancellationRequested; turn++)
            {
                await TurnAsync(id, random);
            }
        })));

    /// <summary>One turn: a user message with a random intent, then the predicted actions until <c>action_listen</c>.</summary>
    public async Task TurnAsync(string conversationId, Random random)
    {
        var record = Record(conversationId);
        var text = $"/{Intents[random.Next(Intents.Count)]}{{\"turn\": \"{record.StartTurn()}\"}}";
        var path = $"conversations/{Uri.EscapeDataString(conversationId)}";
        var reply = await SendAsync(record, random, HttpMethod.Post, $"{path}/parse", new JsonObject { ["query"] = text });
        if (reply is null)
        {
            return;
        }

        record.Acknowledge(text);
        for (var step = 0; ; step++)
        {
            var next = reply["next_action"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"no next_action for {conversationId}: {reply.ToJsonString()}");
            if (next == ActionListen)
            {
                return;
            }

            if (step == MaxActionsPerTurn)
            {
                throw new InvalidOperationException($"{conversationId}: more than {MaxActionsPerTurn} actions in one turn");
            }

            reply = await SendAsync(record, random, HttpMethod.Post, $"{path}/continue",
                new JsonObject { ["executed_action"] = next, ["events"] = new JsonArray() });
            if (reply is null)
            {
                return;
            }
        }
    }

    /// <summary>The texts of the user messages in the conversation's tracker (<c>include_events=ALL</c>), read from a random silo.</summary>
    public async Task<IReadOnlyList<string>> UserMessagesAsync(string conversationId, Random random)
    {
        var tracker = await SendAsync(Record(conversationId), random, HttpMethod.Get,
            $"conversations/{Uri.EscapeDataString(conversationId)}/tracker?include_events=ALL", body: null)
            ?? throw new InvalidOperationException($"the tracker of {conversationId} was refused");
        return [.. tracker["events"]!.AsArray()
            .Where(e => e?["event"]?.GetValue<string>() == "user")
            .Select(e => e!["text"]!.GetValue<string>())];
    }

    /// <summary>Stops every request still running (a test that failed leaves its load behind).</summary>
    public void Dispose() => _abort.Cancel();

    private ConversationRecord Record(string conversationId) => _conversations.GetOrAdd(conversationId, _ => new ConversationRecord());

    /// <summary>The JSON answer of a 200; null for a 4xx when <see cref="RejectedTurnsAllowed"/>.</summary>
    private async Task<JsonNode?> SendAsync(ConversationRecord record, Random random, HttpMethod method, string path, JsonNode? body)
    {
        var deadline = Elapsed + RequestDeadline;
        SiloProcess? failed = null;
        while (true)
        {
            var silo = Pick(random, failed);
            if (silo is not null)
            {
                var failure = await TrySendAsync(record, silo, method, path, body);
                if (failure.Reply is { } reply)
                {
                    return reply;
                }

                var request = failure.Request!;
                _failures.Enqueue(request);
                if (request.Status is >= 400 and < 500)
                {
                    return RejectedTurnsAllowed ? null : throw new InvalidOperationException($"refused: {request}");
                }

                if (!RetryUnavailable)
                {
                    throw new InvalidOperationException($"failed: {request}");
                }

                failed = silo;
            }

            if (Elapsed > deadline)
            {
                throw new TimeoutException($"{method} {path} got no 200 within {RequestDeadline.TotalSeconds:0} s; last failures:\n"
                    + string.Join('\n', _failures.TakeLast(10)));
            }

            await Task.Delay(RetryWait, _abort.Token);
        }
    }

    private async Task<(JsonNode? Reply, FailedRequest? Request)> TrySendAsync(
        ConversationRecord record, SiloProcess silo, HttpMethod method, string path, JsonNode? body)
    {
        var started = Elapsed;
        FailedRequest Failure(int? status, string error) => new(Elapsed, silo.Name, $"{method} {path}", status, error);
        using var message = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await silo.Http.SendAsync(message, _abort.Token);
            var text = await response.Content.ReadAsStringAsync(_abort.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, Failure((int)response.StatusCode, text));
            }

            var answered = Elapsed;
            record.Answered(started, answered);
            _answers.Enqueue((silo.Name, started, answered));
            return (JsonNode.Parse(text), null);
        }
        catch (HttpRequestException e)
        {
            var cause = e.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : e.InnerException?.Message ?? e.Message;
            return (null, Failure(null, $"{e.HttpRequestError}: {cause}"));
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            return (null, Failure(null, $"no answer within {silo.Http.Timeout.TotalSeconds:0} s"));
        }
    }

    private SiloProcess? Pick(Random random, SiloProcess? avoid)
    {
        var silos = targets();
        if (silos.Count > 1 && avoid is not null)
        {
            silos = [.. silos.Where(s => s != avoid)];
        }

        return silos.Count == 0 ? null : silos[random.Next(silos.Count)];
    }

    private sealed class ConversationRecord
    {
        private readonly Lock _lock = new();
        private readonly List<string> _acknowledged = [];
        private readonly List<(TimeSpan Sent, TimeSpan Answered)> _answers = [];
        private int _turns;

        public int StartTurn() => Interlocked.Increment(ref _turns);

        public void Acknowledge(string text)
        {
            lock (_lock)
            {
                _acknowledged.Add(text);
            }
        }

        public IReadOnlyList<string> Acknowledged()
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }

        public void Answered(TimeSpan sent, TimeSpan answered)
        {
            lock (_lock)
            {
                _answers.Add((sent, answered));
            }
        }

        public TimeSpan? FirstAnswerAfter(TimeSpan since)
        {
            lock (_lock)
            {
                return _answers.Where(a => a.Sent >= since).Select(a => (TimeSpan?)a.Answered).Min();
            }
        }

        public TimeSpan LongestWaitAfter(TimeSpan instant)
        {
            lock (_lock)
            {
                return _answers.Where(a => a.Answered >= instant)
                    .Select(a => a.Answered - (a.Sent > instant ? a.Sent : instant)).DefaultIfEmpty(TimeSpan.Zero).Max();
            }
        }
    }
}
