using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Training;

/// <summary>
/// Trains the configured dialogue policies on the conversations assembled from the stories.
/// </summary>
public sealed class DialogueTrainer(DomainSpec domain, PolicyConfiguration configuration, TextWriter progress)
{
    /// <summary>Trains every configured policy, in configuration order.</summary>
    public List<IDialoguePolicy> Train(StoryGraph stories)
    {
        CheckStoriesAgainstDomain(stories);
        var generator = new TrainingDataGenerator(domain);
        var trackers = generator.Generate(stories);
        foreach (var warning in stories.Warnings.Concat(generator.Warnings))
        {
            progress.WriteLine($"  warning: {warning}");
        }

        progress.WriteLine($"Assembled {trackers.Count} training conversations from {stories.BlockCount} story blocks.");
        var featurizer = new StateFeaturizer(domain);
        var policies = new List<IDialoguePolicy>();
        foreach (var spec in configuration.Policies)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            IDialoguePolicy policy = spec.Name switch
            {
                PolicyConfiguration.MemoizationPolicy or PolicyConfiguration.AugmentedMemoizationPolicy =>
                    MemoizationPolicy.Train(featurizer, trackers, spec.MaxHistory ?? 3, spec.Name == PolicyConfiguration.AugmentedMemoizationPolicy),
                var other => throw new RasaFormatException(
                    $"policy '{other}' is not available in this version; available: {PolicyConfiguration.MemoizationPolicy}, {PolicyConfiguration.AugmentedMemoizationPolicy}"),
            };
            progress.WriteLine($"Trained {policy.Name}{Describe(policy)} in {started.Elapsed.TotalSeconds:0.00} s.");
            policies.Add(policy);
        }

        return policies;
    }

    private static string Describe(IDialoguePolicy policy) => policy switch
    {
        MemoizationPolicy m => $" (max_history {m.MaxHistory}, {m.Lookup.Count} memorized turns, {m.PartialLookup.Count} partial)",
        _ => "",
    };

    /// <summary>
    /// Every action a story uses must be in the domain (an error); intents and slots the domain lacks are
    /// warnings, as in Rasa, since they only make those turns unpredictable.
    /// </summary>
    private void CheckStoriesAgainstDomain(StoryGraph stories)
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in stories.Steps)
        {
            foreach (var e in step.Events)
            {
                if (e is Events.ActionExecuted a && !domain.HasAction(a.Name))
                {
                    throw new RasaFormatException(
                        $"story '{step.BlockName}': action '{a.Name}' is not in the domain's actions", step.SourceFile, step.Line);
                }

                var warning = e switch
                {
                    Events.UserUttered u when u.ParseData["intent"]?["name"]?.GetValue<string>() is { } intent && !domain.HasIntent(intent) =>
                        $"intent '{intent}' (story '{step.BlockName}') is not in the domain's intents",
                    Events.SlotSet s when domain.FindSlot(s.Name) is null =>
                        $"slot '{s.Name}' (story '{step.BlockName}') is not in the domain's slots",
                    _ => null,
                };
                if (warning is not null && warned.Add(warning))
                {
                    progress.WriteLine($"  warning: {warning}");
                }
            }
        }
    }
}
