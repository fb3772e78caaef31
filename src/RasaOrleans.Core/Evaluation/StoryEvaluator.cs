using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;
using RasaOrleans.Core.Policies;
using RasaOrleans.Core.Stories;
using RasaOrleans.Core.Tracking;
using RasaOrleans.Core.Training;

namespace RasaOrleans.Core.Evaluation;

/// <summary>
/// Replays test stories through a policy ensemble (Rasa's <c>evaluate</c> for Core): at every predictable
/// action, <c>action_listen</c> included, the ensemble predicts from the conversation so far and the story's
/// own action is then logged, so one mistake does not derail the rest of the story. Nothing is augmented.
/// </summary>
public sealed class StoryEvaluator(DomainSpec domain, PolicyEnsemble ensemble)
{
    public StoryEvaluation Evaluate(StoryGraph stories)
    {
        var trackers = new TrainingDataGenerator(domain).Generate(stories);
        var results = new List<StoryResult>();
        foreach (var story in trackers)
        {
            var replay = new Tracker(story.StoryName, domain.Slots);
            var predictions = new List<ActionCheck>();
            for (var i = 0; i < story.Events.Count; i++)
            {
                var e = story.Events[i];
                if (e is ActionExecuted action && story.IsPredictable(action) && replay.Events.Count > 0)
                {
                    var predicted = ensemble.PreviewNextAction(replay).Action;
                    predictions.Add(new ActionCheck(i, action.Name, predicted));
                }

                replay.Update(e);
            }

            results.Add(new StoryResult(story.StoryName, story.Events, predictions));
        }

        return new StoryEvaluation(results);
    }
}
