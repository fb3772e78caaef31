using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;

namespace RasaOrleans.Core.Training;

/// <summary>
/// Trains the configured dialogue policies on the conversations assembled from the stories. Policies are
/// created by the providers of <paramref name="catalog"/> (default <see cref="PolicyCatalog.Builtin"/>; the ML
/// policy needs <c>InferencePolicies.Catalog</c>). Conversations are augmented (spec §10.3) when a configured
/// policy asks for it, or as the config's top-level <c>augmentation_factor</c> says. Optimizers report their
/// iterations to <paramref name="iterations"/> when it is given.
/// </summary>
public sealed class DialogueTrainer(DomainSpec domain, PolicyConfiguration configuration, TextWriter progress, PolicyCatalog? catalog = null,
    IterationProgress? iterations = null)
{
    public const string AugmentationFactorSetting = "augmentation_factor";

    private readonly PolicyCatalog _catalog = catalog ?? PolicyCatalog.Builtin;

    /// <summary>Trains every configured policy, in configuration order.</summary>
    public List<IDialoguePolicy> Train(StoryGraph stories)
    {
        var providers = configuration.Policies.Select(spec => (Spec: spec, Provider: _catalog.Get(spec.Name))).ToList();
        CheckStoriesAgainstDomain(stories);
        var augmentation = AugmentationFactor(providers.Select(p => p.Provider));
        var generator = new TrainingDataGenerator(domain) { AugmentationFactor = augmentation };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var trackers = generator.Generate(stories);
        foreach (var warning in stories.Warnings.Concat(generator.Warnings))
        {
            progress.WriteLine($"  warning: {warning}");
        }

        var augmented = trackers.Count(t => t.IsAugmented);
        progress.WriteLine($"Assembled {trackers.Count - augmented} training conversations from {stories.BlockCount} story blocks" +
            (augmentation > 0 ? $", and {augmented} augmented ones (augmentation_factor {augmentation})" : "") +
            $" in {started.Elapsed.TotalSeconds:0.00} s.");
        var context = new PolicyTrainingContext(domain, new StateFeaturizer(domain), trackers, progress, iterations);
        var policies = new List<IDialoguePolicy>();
        foreach (var (spec, provider) in providers)
        {
            if (spec.Name != provider.Names[0] && !IsVariant(spec.Name, provider))
            {
                progress.WriteLine($"  note: {spec.Name} is trained as {provider.Names[0]} (the same settings apply).");
            }

            started.Restart();
            var policy = provider.Train(spec, context);
            var description = provider.Describe(policy);
            progress.WriteLine($"Trained {policy.Name}{(description.Length > 0 ? $" ({description})" : "")} in {started.Elapsed.TotalSeconds:0.00} s.");
            policies.Add(policy);
        }

        return policies;
    }

    // MemoizationPolicy and AugmentedMemoizationPolicy are two variants that keep their own names.
    private static bool IsVariant(string name, IPolicyProvider provider) => provider is MemoizationPolicyProvider && provider.Names.Contains(name);

    private int AugmentationFactor(IEnumerable<IPolicyProvider> providers)
    {
        if (configuration.OtherSettings.GetValueOrDefault(AugmentationFactorSetting) is System.Text.Json.Nodes.JsonValue v &&
            v.TryGetValue<int>(out var configured))
        {
            return configured < 0
                ? throw new RasaFormatException($"{AugmentationFactorSetting} must be 0 or more, got {configured}")
                : configured;
        }

        return providers.Select(p => p.AugmentationFactor).DefaultIfEmpty(0).Max();
    }

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
