using System.Diagnostics;
using System.Text;

namespace BnnCourse.CourseRunner;

/// <summary>What must happen before a notebook can run: the pinned tools restored and the library built.</summary>
public static class Prerequisites
{
    /// <summary>The build configuration whose output the notebooks' preamble (_setup.ipynb) references.</summary>
    public const string Configuration = "Release";

    /// <summary>Runs <c>dotnet tool restore</c> in the repository (the pinned dotnet-repl and dotnet-interactive).</summary>
    /// <exception cref="InvalidOperationException">The restore failed; the message holds its output.</exception>
    public static void RestoreTools(Repository repo) => Dotnet(repo.Root, "tool", "restore");

    /// <summary>Builds the plotting project, and with it the library, in <see cref="Configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">The build failed; the message holds its output.</exception>
    public static void BuildLibrary(Repository repo) =>
        Dotnet(repo.Root, "build", repo.PlottingProject, "-c", Configuration, "--nologo", "-v", "q");

    /// <summary>Runs dotnet with the arguments in <paramref name="folder"/> and throws with its output if it fails.</summary>
    public static string Dotnet(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"`dotnet {string.Join(' ', args)}` failed with exit code {p.ExitCode} in {folder}:\n{output}");
        return output.ToString();
    }
}
