using System.Diagnostics;

namespace BnnCourse.Notebooks.Tests;

/// <summary>Runs a command to completion with its output captured, killing it past a time limit.</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"`{fileName} {string.Join(' ', args)}` did not finish in {timeout.TotalMinutes:0} minutes:\n{await stdout}\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
