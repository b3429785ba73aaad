using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BnnCourse.CourseRunner;

/// <summary>
/// Runs one notebook out of process, the way the editor would: <c>dotnet dotnet-repl --run X.ipynb --exit-after-run
/// --output-path out.ipynb</c> started in the notebook's folder (relative #r, #!import and data paths resolve against
/// the current directory), one kernel process per notebook. The kernel is started in its own process group, which is
/// killed on timeout (the kernel can leave a spinning child process behind).
/// </summary>
public sealed partial class NotebookRunner
{
    /// <summary>dotnet-repl's log marks the start of each top-level cell with this text (used for progress only).</summary>
    private const string CellStartMarker = "[KernelInvocationContext] [KernelInvocationContext]";

    private readonly TimeSpan _timeout;

    /// <summary>A runner that gives each notebook at most <paramref name="timeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">timeout ≤ 0.</exception>
    public NotebookRunner(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be > 0.");
        _timeout = timeout;
    }

    /// <summary>
    /// Runs <paramref name="notebookPath"/>, writes the executed notebook to <paramref name="executedPath"/> and
    /// dotnet-repl's log under <paramref name="logFolder"/>, and reports the cell being run to <paramref name="progress"/>.
    /// The notebook folder must lie inside a folder with the tool manifest (.config/dotnet-tools.json), restored.
    /// </summary>
    public async Task<NotebookResult> RunAsync(string notebookPath, string displayName, string executedPath, string logFolder,
        IProgress<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        notebookPath = Path.GetFullPath(notebookPath);
        executedPath = Path.GetFullPath(executedPath);
        logFolder = Path.GetFullPath(logFolder);
        var source = NotebookDocument.Load(notebookPath);
        Directory.CreateDirectory(Path.GetDirectoryName(executedPath)!);
        if (File.Exists(executedPath))
            File.Delete(executedPath);
        if (Directory.Exists(logFolder))
            Directory.Delete(logFolder, recursive: true);
        Directory.CreateDirectory(logFolder);

        var clock = Stopwatch.StartNew();
        using var process = Start(notebookPath, executedPath, logFolder);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        var cells = new CellTracker(source, logFolder);
        progress?.Report(new RunProgress(displayName, 0, source.Cells.Count, "(starting the kernel)", clock.Elapsed));
        bool timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            deadline.CancelAfter(_timeout);
            var exited = process.WaitForExitAsync(deadline.Token);
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(250, CancellationToken.None));
                if (cells.Poll())
                    progress?.Report(new RunProgress(displayName, cells.Current?.Number ?? 0, source.Cells.Count, cells.Current?.FirstLine ?? "", clock.Elapsed));
            }
            if (exited.IsCanceled || exited.IsFaulted)
            {
                timedOut = !cancellation.IsCancellationRequested;
                KillProcessGroup(process);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellation.ThrowIfCancellationRequested();
            }
        }
        cells.Poll();
        process.WaitForExit(); // drains the redirected output
        clock.Stop();

        NotebookFailure? failure;
        if (timedOut)
        {
            var cell = cells.Current;
            failure = new NotebookFailure(displayName, cell?.Number, cell?.FirstLine ?? "",
                $"timed out after {_timeout.TotalSeconds:0} s{(cell is null ? " before the first cell started" : "")}; the kernel's process group was killed.");
        }
        else
        {
            failure = Diagnose(displayName, executedPath, process.ExitCode, output.ToString());
        }
        return new NotebookResult(displayName, notebookPath, executedPath, clock.Elapsed, failure);
    }

    /// <summary>The first failing cell of the executed notebook, or a failure naming the exit code when no cell explains it.</summary>
    internal static NotebookFailure? Diagnose(string displayName, string executedPath, int exitCode, string processOutput)
    {
        if (File.Exists(executedPath))
        {
            var executed = NotebookDocument.Load(executedPath);
            foreach (var cell in executed.Cells)
            {
                var error = cell.Outputs.FirstOrDefault(o => o.Kind == "error");
                if (error is not null)
                    return new NotebookFailure(displayName, cell.Number, cell.FirstLine, ErrorText(error));
            }
            if (exitCode == 0)
                return null;
        }
        var tail = string.Join("\n", processOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(15));
        return new NotebookFailure(displayName, null, "",
            $"dotnet-repl exited with code {exitCode}{(File.Exists(executedPath) ? " but no cell reported an error" : " and wrote no executed notebook")}." +
            (tail.Length > 0 ? "\n" + tail : ""));
    }

    /// <summary>The error's message lines without the stack trace, at most 12 lines.</summary>
    internal static string ErrorText(CellOutput error)
    {
        var lines = (error.ErrorValue ?? "").Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .TakeWhile(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("--- End of", StringComparison.Ordinal))
            .Where(l => l.Trim().Length > 0)
            .ToList();
        if (lines.Count == 0)
            lines.Add(error.ErrorName ?? "error");
        return string.Join("\n", lines.Take(12)) + (lines.Count > 12 ? "\n…" : "");
    }

    private static Process Start(string notebookPath, string executedPath, string logFolder)
    {
        string[] replArgs = ["dotnet-repl", "--run", notebookPath, "--exit-after-run", "--output-path", executedPath, "--log-path", logFolder];
        // setsid makes the kernel the leader of a new process group, so a timeout can kill it with every child.
        bool useSetsid = !OperatingSystem.IsWindows() && File.Exists("/usr/bin/setsid");
        var info = new ProcessStartInfo(useSetsid ? "/usr/bin/setsid" : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (useSetsid)
            info.ArgumentList.Add("dotnet");
        foreach (var a in replArgs)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet-repl.");
    }

    /// <summary>Kills the kernel's process group (Unix) and its process tree.</summary>
    internal static void KillProcessGroup(Process process)
    {
        try
        {
            if (!OperatingSystem.IsWindows())
                _ = Kill(-process.Id, 9); // negative pid: the whole process group (setsid made the kernel its leader)
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Follows dotnet-repl's log to learn which code cell the kernel is running.</summary>
    private sealed class CellTracker(NotebookDocument source, string logFolder)
    {
        private readonly Cell[] _codeCells = source.CodeCells.ToArray();
        private readonly Dictionary<string, long> _offsets = [];
        private string _pending = "";
        private int _started;

        public Cell? Current => _started == 0 ? null : _codeCells[Math.Min(_started, _codeCells.Length) - 1];

        /// <summary>Reads new log text; true when a new cell started.</summary>
        public bool Poll()
        {
            int before = _started;
            if (!Directory.Exists(logFolder))
                return false;
            foreach (var log in Directory.GetFiles(logFolder, "*.log").Order(StringComparer.Ordinal))
            {
                try
                {
                    using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    long offset = _offsets.GetValueOrDefault(log);
                    if (stream.Length <= offset)
                        continue;
                    stream.Seek(offset, SeekOrigin.Begin);
                    var buffer = new byte[stream.Length - offset];
                    stream.ReadExactly(buffer);
                    _offsets[log] = offset + buffer.Length; // not stream.Length: the log may have grown after the buffer was sized, and those bytes are not read yet
                    var text = _pending + Encoding.UTF8.GetString(buffer);
                    int lastNewline = text.LastIndexOf('\n');
                    _pending = lastNewline < 0 ? text : text[(lastNewline + 1)..];
                    if (lastNewline < 0)
                        continue;
                    foreach (var line in text[..lastNewline].Split('\n'))
                        if (line.Contains(CellStartMarker, StringComparison.Ordinal) && line.Contains(" SubmitCode ", StringComparison.Ordinal))
                            _started++;
                }
                catch (IOException)
                {
                    // the log is being rotated or written; read it on the next poll
                }
            }
            return _started != before;
        }
    }
}
