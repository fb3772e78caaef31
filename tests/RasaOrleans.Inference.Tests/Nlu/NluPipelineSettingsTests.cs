using RasaOrleans.Core;
using RasaOrleans.Core.Policies;
using RasaOrleans.Inference.Nlu;

namespace RasaOrleans.Inference.Tests.Nlu;

public sealed class NluPipelineSettingsTests
{
    [Fact]
    public void No_config_and_templates_give_the_defaults()
    {
        Assert.Equal(NluPipelineSettings.Default, NluPipelineSettings.FromConfiguration(null));
        foreach (var template in new[] { "spacy_sklearn", "tensorflow_embedding", "supervised_embeddings", "keyword" })
        {
            var config = PolicyConfiguration.Parse($"language: en\npipeline: {template}\n");
            Assert.Equal(NluPipelineSettings.Default, NluPipelineSettings.FromConfiguration(config));
        }
    }

    [Fact]
    public void Components_map_onto_featurizer_classifier_tagger_and_synonyms()
    {
        var config = PolicyConfiguration.Parse("""
            language: de
            pipeline:
            - name: tokenizer_whitespace
            - name: CountVectorsFeaturizer
              analyzer: word
              min_ngram: 1
              max_ngram: 3
            - name: CountVectorsFeaturizer
              analyzer: char_wb
              min_ngram: 1
              max_ngram: 4
            - name: intent_classifier_sklearn
            - name: ner_crf
              L2_c: 0.05
              max_iterations: 50
              rare_word_dropout: 2
              identity_scale: 0.85
            """);

        var settings = NluPipelineSettings.FromConfiguration(config);

        Assert.Equal("de", settings.Language);
        Assert.Equal((1, 3, 1, 4), (settings.WordMinNgram, settings.WordMaxNgram, settings.CharMinNgram, settings.CharMaxNgram));
        Assert.True(settings.UseEntityTagger);
        Assert.True(settings.TaggerCrf);
        Assert.Equal(0.05f, settings.CrfL2);
        Assert.Equal(50, settings.CrfMaxIterations);
        Assert.Equal(2, settings.TaggerRareWordDropout);
        Assert.Equal(0.85f, settings.TaggerIdentityScale);
        Assert.False(settings.LexiconApplies); // the built-in lexicon is English
        Assert.False(settings.UseSynonyms);
        Assert.False(settings.UseRegexFeatures);
    }

    [Fact]
    public void A_crf_extractor_naming_text_dense_features_gets_the_encoders_token_vectors()
    {
        var config = PolicyConfiguration.Parse("""
            pipeline:
            - name: WhitespaceTokenizer
            - name: LanguageModelFeaturizer
            - name: CountVectorsFeaturizer
            - name: SklearnIntentClassifier
            - name: CRFEntityExtractor
              features: [["low", "title"], ["bias", "low", "text_dense_features"], ["low", "title"]]
            """);
        var plain = PolicyConfiguration.Parse("""
            pipeline:
            - name: LanguageModelFeaturizer
            - name: CRFEntityExtractor
              features: [["low"], ["bias", "low", "suffix3"], ["low"]]
            """);

        var settings = NluPipelineSettings.FromConfiguration(config);

        Assert.True(settings.TaggerTokenVectors);
        Assert.Equal(NluPipelineSettings.TokenVectorIdentityScale, settings.TaggerIdentityScale);
        Assert.Equal(SentenceEncoderCatalog.MiniLm, settings.SentenceEncoder);
        Assert.False(NluPipelineSettings.FromConfiguration(plain).TaggerTokenVectors);
        Assert.Equal(1f, NluPipelineSettings.FromConfiguration(plain).TaggerIdentityScale);
    }

    [Fact]
    public void Rasa_1_names_and_class_paths_are_accepted()
    {
        var config = PolicyConfiguration.Parse("""
            pipeline:
            - name: WhitespaceTokenizer
            - name: RegexFeaturizer
            - name: rasa_nlu.classifiers.embedding_intent_classifier.EmbeddingIntentClassifier
            - name: CRFEntityExtractor
            - name: EntitySynonymMapper
            """);

        var settings = NluPipelineSettings.FromConfiguration(config);

        Assert.True(settings.UseRegexFeatures && settings.UseEntityTagger && settings.UseSynonyms);
    }

    [Fact]
    public void An_unknown_component_is_an_error_naming_the_known_ones()
    {
        var config = PolicyConfiguration.Parse("pipeline:\n- name: ner_duckling_http\n");

        var error = Assert.Throws<RasaFormatException>(() => NluPipelineSettings.FromConfiguration(config));
        Assert.Contains("unknown NLU pipeline component 'ner_duckling_http'", error.Message);
        Assert.Contains("ner_crf", error.Message);
        Assert.Contains("CountVectorsFeaturizer", error.Message);
    }

    [Fact]
    public void An_unknown_template_is_an_error()
    {
        var config = PolicyConfiguration.Parse("pipeline: my_pipeline\n");

        var error = Assert.Throws<RasaFormatException>(() => NluPipelineSettings.FromConfiguration(config));
        Assert.Contains("spacy_sklearn", error.Message);
    }

    [Fact]
    public void Pretrained_embeddings_template_and_components_choose_the_encoder_and_the_fallback()
    {
        var template = NluPipelineSettings.FromConfiguration(PolicyConfiguration.Parse("pipeline: pretrained_embeddings\n"));
        Assert.Equal(SentenceEncoderCatalog.MiniLm, template.SentenceEncoder);
        Assert.NotNull(template.FallbackThreshold);
        Assert.True(template.TaggerTokenVectors);
        Assert.Equal(NluPipelineSettings.TokenVectorIdentityScale, template.TaggerIdentityScale);

        var config = PolicyConfiguration.Parse("""
            pipeline:
            - name: WhitespaceTokenizer
            - name: LanguageModelFeaturizer
              model_name: snowflake-arctic-embed-xs
            - name: CountVectorsFeaturizer
              analyzer: char_wb
              min_ngram: 2
              max_ngram: 5
            - name: DIETClassifier
            - name: FallbackClassifier
              threshold: 0.6
              ambiguity_threshold: 0.05
            """);
        var settings = NluPipelineSettings.FromConfiguration(config);

        Assert.Equal(SentenceEncoderCatalog.ArcticXs, settings.SentenceEncoder);
        Assert.True(settings.TaggerTokenVectors); // DIET takes the language model's token features for entities
        Assert.Equal(0.6f, settings.FallbackThreshold);
        Assert.Equal(0.05f, settings.FallbackAmbiguityThreshold);
        Assert.Null(NluPipelineSettings.Default.SentenceEncoder);
        Assert.Null(NluPipelineSettings.Default.FallbackThreshold);
        Assert.False(NluPipelineSettings.Default.TaggerTokenVectors);

        var intentsOnly = NluPipelineSettings.FromConfiguration(PolicyConfiguration.Parse("""
            pipeline:
            - name: LanguageModelFeaturizer
            - name: DIETClassifier
              entity_recognition: false
            - name: CRFEntityExtractor
            """));
        Assert.False(intentsOnly.TaggerTokenVectors);
    }

    [Theory]
    [InlineData("- name: LanguageModelFeaturizer\n  model_name: bert\n", "unknown model_name 'bert'")]
    [InlineData("- name: FallbackClassifier\n  threshold: 1.5\n", "between 0 and 1")]
    [InlineData("- name: FallbackClassifier\n  ambiguity_threshold: high\n", "'ambiguity_threshold' must be a number")]
    public void Bad_encoder_or_fallback_settings_are_errors(string component, string problem)
    {
        var config = PolicyConfiguration.Parse("pipeline:\n" + component);

        var error = Assert.Throws<RasaFormatException>(() => NluPipelineSettings.FromConfiguration(config));
        Assert.Contains(problem, error.Message);
    }
}
