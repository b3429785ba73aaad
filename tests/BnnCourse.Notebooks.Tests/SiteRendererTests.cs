using BnnCourse.CourseRunner;

namespace BnnCourse.Notebooks.Tests;

/// <summary>Rendering details that need no kernel: output filtering, display math, failure diagnosis.</summary>
public sealed class SiteRendererTests
{
    private static CellOutput Html(string html) => new("display_data", new Dictionary<string, string> { ["text/html"] = html });

    private static CellOutput Chart(string title, int frame) =>
        Html($"<div id=\"c{frame}\"></div><script>var renderPlotly_{frame} = function() {{ var layout = {{\"title\":{{\"text\":\"{title}\"}}}}; }};</script>");

    [Fact]
    public void A_live_charts_redraws_collapse_to_the_last_frame_and_package_install_progress_is_dropped()
    {
        var outputs = new[]
        {
            Html("<div><strong>Installing Packages</strong><ul><li>Plotly.NET.</li></ul></div>"),
            Html("<div><strong>Installed Packages</strong></div>"),
            new CellOutput("display_data", new Dictionary<string, string> { ["text/plain"] = "Loading extensions from `/root/.nuget/packages/plotly.net.interactive/6.0.0/x.dll`" }),
            Chart("The loss falls", 1), Chart("The loss falls", 2), Chart("The loss falls", 3),
            Chart("Another claim", 4),
            Chart("The loss falls", 5),
        };

        var visible = SiteRenderer.VisibleOutputs(outputs).Select(o => o.Data["text/html"]).ToArray();

        Assert.Equal(3, visible.Length);   // the setup noise (installing, installed, extension path) is gone
        Assert.Contains("renderPlotly_3", visible[0]);   // the last frame of the first live chart
        Assert.Contains("renderPlotly_4", visible[1]);
        Assert.Contains("renderPlotly_5", visible[2]);   // not consecutive with the first chart: kept
    }

    [Fact]
    public void A_path_under_the_home_directory_is_written_with_a_tilde()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal("see ~/.nuget/packages/x.dll", SiteRenderer.WithoutHome($"see {home}/.nuget/packages/x.dll"));
    }

    [Theory]
    [InlineData("$$a = b \\tag{1}$$", "$$\na = b \\tag{1}\n$$")]
    [InlineData("text\n  $$x$$  \nmore", "text\n  $$\n  x\n  $$\nmore")]
    [InlineData("inline $$x$$ stays inline", "inline $$x$$ stays inline")]
    [InlineData("$$\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned} \\tag{3}$$", "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned} \\tag{3}\n$$")]
    [InlineData("text\n$$\nx\n+ y\n$$\nmore", "text\n$$\nx\n+ y\n$$\nmore")]
    [InlineData("```\n$$a = b$$\n$$\n```", "```\n$$a = b$$\n$$\n```")]
    [InlineData("$$ a\nnever closed", "$$ a\nnever closed")]
    public void A_display_equation_on_one_or_several_lines_gets_fences_of_its_own_and_code_is_left_alone(string markdown, string expected) =>
        Assert.Equal(expected, SiteRenderer.DisplayMathOnOwnLines(markdown));

    [Fact]
    public void A_multi_line_display_equation_renders_as_one_display_math_block_beside_inline_math_and_code()
    {
        const string markdown = """
            The free energy of $\theta$ is
            $$F(\mathcal D, \theta) = \begin{aligned}[t]
            &\mathrm{KL}[q(w \mid \theta) \,\|\, P(w)] \\
            &- \mathbb E_q[\log P(\mathcal D \mid w)] < \infty
            \end{aligned} \tag{2}$$
            and costs $5 in code:

            ```csharp
            var s = $"{x}$$";
            ```
            """;

        var html = SiteRenderer.MarkdownHtml(markdown);

        var display = System.Text.RegularExpressions.Regex.Matches(html, "<div class=\"math\">\\s*\\\\\\[(.*?)\\\\\\]\\s*</div>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var tex = Assert.Single(display).Groups[1].Value;
        Assert.Contains("F(\\mathcal D, \\theta) = \\begin{aligned}[t]", tex);
        Assert.Contains("&amp;- \\mathbb E_q[\\log P(\\mathcal D \\mid w)] &lt; \\infty", tex);
        Assert.Contains("\\end{aligned} \\tag{2}", tex);
        Assert.DoesNotContain("$$", tex);
        Assert.Contains("<span class=\"math\">\\(\\theta\\)</span>", html);
        Assert.Contains("and costs $5 in code", html);
        Assert.Contains("var s = $&quot;{x}$$&quot;;", html);
    }

    [Fact]
    public void Inline_maths_over_a_line_break_or_followed_by_a_letter_reaches_KaTeX_untouched_by_Markdown()
    {
        // Notebook 09's "Why this is valid" and the "$\sigma$s" of 06 and 09: Markdig's own inline maths refused both
        // and then ate the braces and backslashes as Markdown.
        const string markdown = "draw a $B \\times\n\\text{out}$ noise matrix, the $\\sigma$s and $a_1 * b_2 * c$; `$x$` and \\$5 stay.";

        var html = SiteRenderer.MarkdownHtml(markdown);

        Assert.Contains("<span class=\"math\">\\(B \\times\n\\text{out}\\)</span> noise matrix", html);
        Assert.Contains("the <span class=\"math\">\\(\\sigma\\)</span>s and", html);
        Assert.Contains("<span class=\"math\">\\(a_1 * b_2 * c\\)</span>", html);
        Assert.Contains("<code>$x$</code>", html);
        Assert.DoesNotContain("BNNMATHSPAN", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "class=\"math\">\\\\\\(B"));
    }

    [Fact]
    public void A_kernel_that_wrote_no_notebook_is_reported_with_its_exit_code_and_output()
    {
        var failure = NotebookRunner.Diagnose("notebooks/01-x.ipynb", "/nonexistent/out.ipynb", 1, "Cannot find a tool in the manifest file that has a command named 'dotnet-repl'.");

        Assert.NotNull(failure);
        Assert.Null(failure.Cell);
        Assert.Contains("dotnet-repl exited with code 1 and wrote no executed notebook", failure.Error);
        Assert.Contains("Cannot find a tool in the manifest", failure.ToString());
    }

    [Fact]
    public void Error_text_keeps_the_message_and_drops_the_stack_trace()
    {
        var error = new CellOutput("error", new Dictionary<string, string>(), "Error",
            "System.Exception: boom\n   at Submission#5.<<Initialize>>d__0.MoveNext()\n--- End of stack trace from previous location ---\n   at Microsoft.CodeAnalysis.Scripting.X()");
        Assert.Equal("System.Exception: boom", NotebookRunner.ErrorText(error));
    }
}
