using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CredibilityApi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimsAndAnnotations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Annotations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ClaimId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ArticlePublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RetractionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RetractedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    HiddenReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    HiddenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HiddenBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Aspect = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    EvidenceUrls = table.Column<string>(type: "TEXT", nullable: false),
                    PrimarySourceLocated = table.Column<bool>(type: "INTEGER", nullable: true),
                    PrimarySourceUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Technique = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Severity = table.Column<int>(type: "INTEGER", nullable: true),
                    Beneficiary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Stance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    SpanExact = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SpanPrefix = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SpanSuffix = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SpanStart = table.Column<int>(type: "INTEGER", nullable: true),
                    SpanEnd = table.Column<int>(type: "INTEGER", nullable: true),
                    SpanBodySha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: true),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Confidence = table.Column<double>(type: "REAL", nullable: true),
                    RubricVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Annotations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Claims",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OutletId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ArticlePublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Exact = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Suffix = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Start = table.Column<int>(type: "INTEGER", nullable: true),
                    End = table.Column<int>(type: "INTEGER", nullable: true),
                    BodySha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: true),
                    ClaimantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimantType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Chain = table.Column<string>(type: "TEXT", nullable: false),
                    AttributionClass = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Claims_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RubricVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RubricVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "Tags",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tags", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Techniques",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Techniques", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "AnnotationRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AnnotationId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnotationRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnotationRevisions_Annotations_AnnotationId",
                        column: x => x.AnnotationId,
                        principalTable: "Annotations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RubricDimensions",
                columns: table => new
                {
                    RubricVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Min = table.Column<double>(type: "REAL", nullable: false),
                    Max = table.Column<double>(type: "REAL", nullable: false),
                    Polarity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false),
                    Axis = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RubricDimensions", x => new { x.RubricVersion, x.Key });
                    table.ForeignKey(
                        name: "FK_RubricDimensions_RubricVersions_RubricVersion",
                        column: x => x.RubricVersion,
                        principalTable: "RubricVersions",
                        principalColumn: "Version",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "RubricVersions",
                columns: new[] { "Version", "Notes", "PublishedAt", "PublishedBy" },
                values: new object[] { 1, "The default rubric of methodology v1.", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system" });

            migrationBuilder.InsertData(
                table: "Tags",
                columns: new[] { "Key", "CreatedAt", "Description", "Label" },
                values: new object[,]
                {
                    { "breaking-news", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Written while events were still unfolding, so early errors are more likely and may be excusable.", "Breaking news" },
                    { "corrected-later", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The outlet later corrected, updated or retracted this passage or the article.", "Corrected later" },
                    { "image-or-video", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The annotation concerns a photo, video or other visual material rather than the text alone.", "Image or video" },
                    { "needs-second-look", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The annotator is unsure and wants another annotator to review this annotation.", "Needs a second look" },
                    { "opinion-piece", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "An editorial, column or commentary rather than news reporting.", "Opinion piece" },
                    { "paywalled", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The article or its source sits behind a paywall, so readers may not be able to check it.", "Paywalled" },
                    { "primary-source-archived", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A copy of the primary source was saved in a web archive, in case the original disappears.", "Primary source archived" },
                    { "satire", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Satire or parody, not meant to be read as factual reporting.", "Satire" },
                    { "translated", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The text or quote was translated, by the outlet or the annotator; wording may differ from the original.", "Translated" },
                    { "wire-copy", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Text taken largely unchanged from a news agency such as AP, Reuters or AFP.", "Wire copy" }
                });

            migrationBuilder.InsertData(
                table: "Techniques",
                columns: new[] { "Key", "CreatedAt", "Definition", "Kind", "Label", "Source" },
                values: new object[,]
                {
                    { "appeal-to-authority", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A claim presented as true only because an expert, official or celebrity backs it, with no other support.", "Technique", "Appeal to authority", "SemEval-2020 Task 11" },
                    { "appeal-to-fear-prejudice", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Support for an idea sought by stoking anxiety about the alternative or by playing on prejudices the reader already holds.", "Technique", "Appeal to fear or prejudice", "SemEval-2020 Task 11" },
                    { "bandwagon-reductio-ad-hitlerum", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Urging acceptance because everyone else agrees, or rejection because a despised group or figure holds the same view.", "Technique", "Bandwagon or reductio ad hitlerum", "SemEval-2020 Task 11" },
                    { "black-and-white-fallacy", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Only two options offered, as if no others existed, usually so that one of them looks like the only sensible choice.", "Technique", "Black-and-white fallacy", "SemEval-2020 Task 11" },
                    { "causal-oversimplification", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A complex outcome pinned on one cause or one culprit when several factors were at work.", "Technique", "Causal oversimplification", "SemEval-2020 Task 11" },
                    { "doubt", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Trust in a person, group or institution worn down by questioning their honesty or competence, without evidence.", "Technique", "Doubt", "SemEval-2020 Task 11" },
                    { "exaggeration-minimisation", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Something made to look bigger, worse or more important than it is, or shrunk to look trivial.", "Technique", "Exaggeration or minimisation", "SemEval-2020 Task 11" },
                    { "flag-waving", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "An argument tied to national or group pride, so that disagreeing feels like betraying the group.", "Technique", "Flag-waving", "SemEval-2020 Task 11" },
                    { "frame-capacity-and-resources", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Whether there is enough of something (staff, space, time, supplies, infrastructure) to cope with the issue.", "Frame", "Capacity and resources", "Media Frames Corpus" },
                    { "frame-crime-and-punishment", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Breaking the law, policing and enforcement, sentencing and what happens to offenders.", "Frame", "Crime and punishment", "Media Frames Corpus" },
                    { "frame-cultural-identity", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The customs, language, traditions and values that define a group, and how the issue bears on them.", "Frame", "Cultural identity", "Media Frames Corpus" },
                    { "frame-economic", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The issue seen through money: costs, benefits, jobs, prices and financial effects on people, firms or the economy.", "Frame", "Economic", "Media Frames Corpus" },
                    { "frame-external-regulation-and-reputation", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "How other countries or outside bodies see, judge or constrain a country's handling of the issue.", "Frame", "External regulation and reputation", "Media Frames Corpus" },
                    { "frame-fairness-and-equality", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Whether rules, burdens or benefits fall evenly or unjustly on different people or groups.", "Frame", "Fairness and equality", "Media Frames Corpus" },
                    { "frame-health-and-safety", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Physical or mental health, illness, injury, healthcare and the safety of the public.", "Frame", "Health and safety", "Media Frames Corpus" },
                    { "frame-legality-constitutionality-and-jurisprudence", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Laws, courts and rights: what is allowed, who has legal authority to decide, and challenges in court.", "Frame", "Legality, constitutionality and jurisprudence", "Media Frames Corpus" },
                    { "frame-morality", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Right and wrong as a matter of ethics, religion or conscience, including duties owed to others.", "Frame", "Morality", "Media Frames Corpus" },
                    { "frame-other", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A framing that none of the other frames fits.", "Frame", "Other", "Media Frames Corpus" },
                    { "frame-policy-prescription-and-evaluation", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Specific policies proposed to deal with the issue, or judgements of whether existing ones work.", "Frame", "Policy prescription and evaluation", "Media Frames Corpus" },
                    { "frame-political", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Politics as a contest: parties, elections, lobbying, partisan moves and who gains or loses politically.", "Frame", "Political", "Media Frames Corpus" },
                    { "frame-public-opinion", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "What the public or part of it thinks: polls, protests, popular reaction and shifts in attitudes.", "Frame", "Public opinion", "Media Frames Corpus" },
                    { "frame-quality-of-life", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "How the issue affects people's everyday wellbeing, comfort, opportunities and happiness.", "Frame", "Quality of life", "Media Frames Corpus" },
                    { "frame-security-and-defense", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Threats to a country, community or person, and the measures taken to guard against them.", "Frame", "Security and defense", "Media Frames Corpus" },
                    { "loaded-language", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Words chosen for their emotional charge rather than their meaning, to make the reader feel strongly about the subject.", "Technique", "Loaded language", "SemEval-2020 Task 11" },
                    { "name-calling-labeling", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A flattering or insulting label stuck on a person or group, so the reader judges them by the label instead of the facts.", "Technique", "Name calling or labeling", "SemEval-2020 Task 11" },
                    { "repetition", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "The same message said again and again, so that it sticks and starts to feel true.", "Technique", "Repetition", "SemEval-2020 Task 11" },
                    { "slogans", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A short, catchy phrase, often a rallying cry, that stands in for an argument.", "Technique", "Slogans", "SemEval-2020 Task 11" },
                    { "thought-terminating-cliche", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "A stock phrase used to close a discussion and discourage the reader from thinking the issue through.", "Technique", "Thought-terminating cliché", "SemEval-2020 Task 11" },
                    { "whataboutism-straw-man-red-herring", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Criticism deflected by pointing at others' faults, by attacking a distorted version of a view, or by changing the subject.", "Technique", "Whataboutism, straw man or red herring", "SemEval-2020 Task 11" }
                });

            migrationBuilder.InsertData(
                table: "RubricDimensions",
                columns: new[] { "Key", "RubricVersion", "Axis", "Description", "Label", "Max", "Min", "Polarity", "Weight" },
                values: new object[,]
                {
                    { "factual_accuracy", 1, null, "How far the article's checkable statements are true and correctly stated.", "Factual accuracy", 100.0, 0.0, "HigherIsBetter", 0.40000000000000002 },
                    { "framing_neutrality", 1, null, "How far the wording and structure leave the reader to judge, rather than pushing a reading.", "Framing neutrality", 100.0, 0.0, "HigherIsBetter", 0.20000000000000001 },
                    { "headline_fidelity", 1, null, "How faithfully the headline represents what the article actually supports.", "Headline fidelity", 100.0, 0.0, "HigherIsBetter", 0.10000000000000001 },
                    { "slant", 1, "-100 favours the government side, +100 favours the opposition side", "Where the article sits between the two sides of the conflict it covers; 0 is even-handed.", "Slant", 100.0, -100.0, "Bipolar", 0.0 },
                    { "sourcing_transparency", 1, null, "How clearly the article says where its information comes from, and how close to the primary source it gets.", "Sourcing transparency", 100.0, 0.0, "HigherIsBetter", 0.29999999999999999 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationRevisions_AnnotationId_Revision",
                table: "AnnotationRevisions",
                columns: new[] { "AnnotationId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnnotationRevisions_RecordedAt",
                table: "AnnotationRevisions",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ArticleId_Kind",
                table: "Annotations",
                columns: new[] { "ArticleId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_AuthorId_ArticleId_Dimension",
                table: "Annotations",
                columns: new[] { "AuthorId", "ArticleId", "Dimension" },
                unique: true,
                filter: "\"Kind\" = 'Rating'");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_AuthorId_Id",
                table: "Annotations",
                columns: new[] { "AuthorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_OutletId_Kind_ArticlePublishedAt",
                table: "Annotations",
                columns: new[] { "OutletId", "Kind", "ArticlePublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_TargetType_TargetId_Id",
                table: "Annotations",
                columns: new[] { "TargetType", "TargetId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_ArticleId_Start_Id",
                table: "Claims",
                columns: new[] { "ArticleId", "Start", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_AttributionClass_ArticlePublishedAt",
                table: "Claims",
                columns: new[] { "AttributionClass", "ArticlePublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_OutletId_ArticlePublishedAt_Id",
                table: "Claims",
                columns: new[] { "OutletId", "ArticlePublishedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnotationRevisions");

            migrationBuilder.DropTable(
                name: "Claims");

            migrationBuilder.DropTable(
                name: "RubricDimensions");

            migrationBuilder.DropTable(
                name: "Tags");

            migrationBuilder.DropTable(
                name: "Techniques");

            migrationBuilder.DropTable(
                name: "Annotations");

            migrationBuilder.DropTable(
                name: "RubricVersions");
        }
    }
}
