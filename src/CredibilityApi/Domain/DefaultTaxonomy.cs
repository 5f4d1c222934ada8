namespace CredibilityApi.Domain;

/// <summary>Whether a taxonomy entry is a persuasion technique or a framing of the issue.</summary>
public enum TechniqueKind
{
    /// <summary>A propaganda or persuasion technique used in a span of text.</summary>
    Technique,

    /// <summary>The angle from which an article or passage presents an issue.</summary>
    Frame,
}

/// <summary>An entry of the technique and frame taxonomy annotators label text with.</summary>
/// <param name="Key">Stable kebab-case ASCII identifier, unique across techniques and frames.</param>
/// <param name="Kind">Technique or frame.</param>
/// <param name="Label">Human-readable name.</param>
/// <param name="Definition">One line telling an annotator when the entry applies.</param>
/// <param name="Source">The published scheme the entry comes from.</param>
public sealed record TechniqueDefinition(string Key, TechniqueKind Kind, string Label, string Definition, string Source);

/// <summary>A free tag annotators can attach to an annotation.</summary>
/// <param name="Key">Stable kebab-case ASCII identifier.</param>
/// <param name="Label">Human-readable name.</param>
/// <param name="Description">One line saying when to use the tag.</param>
public sealed record TagDefinition(string Key, string Label, string Description);

/// <summary>
/// The taxonomy a new installation starts with: the 14 propaganda techniques of the SemEval-2020
/// Task 11 corpus (Da San Martino et al. 2020) and the 15 frames of the Media Frames Corpus
/// (Card et al. 2015), plus a small controlled vocabulary of tags.
/// </summary>
/// <remarks>
/// Definitions are our own one-line paraphrases for annotators, not the papers' wording. Frame keys
/// carry a <c>frame-</c> prefix so they can never collide with technique keys.
/// </remarks>
public static class DefaultTaxonomy
{
    public const string SemEvalSource = "SemEval-2020 Task 11";
    public const string MediaFramesSource = "Media Frames Corpus";

    /// <summary>The 14 techniques, then the 15 frames, in the order their schemes list them.</summary>
    public static IReadOnlyList<TechniqueDefinition> Techniques { get; } =
    [
        Technique("loaded-language", "Loaded language",
            "Words chosen for their emotional charge rather than their meaning, to make the reader feel strongly about the subject."),
        Technique("name-calling-labeling", "Name calling or labeling",
            "A flattering or insulting label stuck on a person or group, so the reader judges them by the label instead of the facts."),
        Technique("repetition", "Repetition",
            "The same message said again and again, so that it sticks and starts to feel true."),
        Technique("exaggeration-minimisation", "Exaggeration or minimisation",
            "Something made to look bigger, worse or more important than it is, or shrunk to look trivial."),
        Technique("doubt", "Doubt",
            "Trust in a person, group or institution worn down by questioning their honesty or competence, without evidence."),
        Technique("appeal-to-fear-prejudice", "Appeal to fear or prejudice",
            "Support for an idea sought by stoking anxiety about the alternative or by playing on prejudices the reader already holds."),
        Technique("flag-waving", "Flag-waving",
            "An argument tied to national or group pride, so that disagreeing feels like betraying the group."),
        Technique("causal-oversimplification", "Causal oversimplification",
            "A complex outcome pinned on one cause or one culprit when several factors were at work."),
        Technique("slogans", "Slogans",
            "A short, catchy phrase, often a rallying cry, that stands in for an argument."),
        Technique("appeal-to-authority", "Appeal to authority",
            "A claim presented as true only because an expert, official or celebrity backs it, with no other support."),
        Technique("black-and-white-fallacy", "Black-and-white fallacy",
            "Only two options offered, as if no others existed, usually so that one of them looks like the only sensible choice."),
        Technique("thought-terminating-cliche", "Thought-terminating cliché",
            "A stock phrase used to close a discussion and discourage the reader from thinking the issue through."),
        Technique("whataboutism-straw-man-red-herring", "Whataboutism, straw man or red herring",
            "Criticism deflected by pointing at others' faults, by attacking a distorted version of a view, or by changing the subject."),
        Technique("bandwagon-reductio-ad-hitlerum", "Bandwagon or reductio ad hitlerum",
            "Urging acceptance because everyone else agrees, or rejection because a despised group or figure holds the same view."),

        Frame("frame-economic", "Economic",
            "The issue seen through money: costs, benefits, jobs, prices and financial effects on people, firms or the economy."),
        Frame("frame-capacity-and-resources", "Capacity and resources",
            "Whether there is enough of something (staff, space, time, supplies, infrastructure) to cope with the issue."),
        Frame("frame-morality", "Morality",
            "Right and wrong as a matter of ethics, religion or conscience, including duties owed to others."),
        Frame("frame-fairness-and-equality", "Fairness and equality",
            "Whether rules, burdens or benefits fall evenly or unjustly on different people or groups."),
        Frame("frame-legality-constitutionality-and-jurisprudence", "Legality, constitutionality and jurisprudence",
            "Laws, courts and rights: what is allowed, who has legal authority to decide, and challenges in court."),
        Frame("frame-policy-prescription-and-evaluation", "Policy prescription and evaluation",
            "Specific policies proposed to deal with the issue, or judgements of whether existing ones work."),
        Frame("frame-crime-and-punishment", "Crime and punishment",
            "Breaking the law, policing and enforcement, sentencing and what happens to offenders."),
        Frame("frame-security-and-defense", "Security and defense",
            "Threats to a country, community or person, and the measures taken to guard against them."),
        Frame("frame-health-and-safety", "Health and safety",
            "Physical or mental health, illness, injury, healthcare and the safety of the public."),
        Frame("frame-quality-of-life", "Quality of life",
            "How the issue affects people's everyday wellbeing, comfort, opportunities and happiness."),
        Frame("frame-cultural-identity", "Cultural identity",
            "The customs, language, traditions and values that define a group, and how the issue bears on them."),
        Frame("frame-public-opinion", "Public opinion",
            "What the public or part of it thinks: polls, protests, popular reaction and shifts in attitudes."),
        Frame("frame-political", "Political",
            "Politics as a contest: parties, elections, lobbying, partisan moves and who gains or loses politically."),
        Frame("frame-external-regulation-and-reputation", "External regulation and reputation",
            "How other countries or outside bodies see, judge or constrain a country's handling of the issue."),
        Frame("frame-other", "Other",
            "A framing that none of the other frames fits."),
    ];

    /// <summary>The controlled vocabulary of free tags for annotations.</summary>
    public static IReadOnlyList<TagDefinition> Tags { get; } =
    [
        new("needs-second-look", "Needs a second look",
            "The annotator is unsure and wants another annotator to review this annotation."),
        new("breaking-news", "Breaking news",
            "Written while events were still unfolding, so early errors are more likely and may be excusable."),
        new("translated", "Translated",
            "The text or quote was translated, by the outlet or the annotator; wording may differ from the original."),
        new("paywalled", "Paywalled",
            "The article or its source sits behind a paywall, so readers may not be able to check it."),
        new("opinion-piece", "Opinion piece",
            "An editorial, column or commentary rather than news reporting."),
        new("satire", "Satire",
            "Satire or parody, not meant to be read as factual reporting."),
        new("wire-copy", "Wire copy",
            "Text taken largely unchanged from a news agency such as AP, Reuters or AFP."),
        new("corrected-later", "Corrected later",
            "The outlet later corrected, updated or retracted this passage or the article."),
        new("primary-source-archived", "Primary source archived",
            "A copy of the primary source was saved in a web archive, in case the original disappears."),
        new("image-or-video", "Image or video",
            "The annotation concerns a photo, video or other visual material rather than the text alone."),
    ];

    private static TechniqueDefinition Technique(string key, string label, string definition) =>
        new(key, TechniqueKind.Technique, label, definition, SemEvalSource);

    private static TechniqueDefinition Frame(string key, string label, string definition) =>
        new(key, TechniqueKind.Frame, label, definition, MediaFramesSource);
}
