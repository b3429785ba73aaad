using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace BnnCourse;

/// <summary>
/// Writes the checkpoint file behind <see cref="TrainedModel.Save"/> atomically: the bytes go to a temporary file in the
/// same folder (same file system, so the rename is atomic), are flushed to disk, and the file is renamed over the
/// target, then the folder is fsynced (on Unix) so that the rename itself survives a power loss.
/// </summary>
/// <remarks>
/// A crash leaves the old checkpoint or the new one and at most a temporary file, which a later save deletes
/// (<see cref="DeleteOrphans"/>). Saves from several threads or processes to one path are safe: each writes its own
/// temporary file; the last rename wins.
/// </remarks>
static partial class Checkpoint
{
    static long _temporaryCounter;

    /// <summary>How old a temporary file of an interrupted save must be before a later save deletes it (10 minutes).</summary>
    internal static readonly TimeSpan OrphanGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>Writes <paramref name="bytes"/> to the full path <paramref name="path"/>, replacing any existing file.</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the rename fails (the existing file is untouched).</exception>
    internal static void WriteAtomically(string path, byte[] bytes)
    {
        string folder = Path.GetDirectoryName(path) ?? ".";
        string temporary = Path.Combine(folder,
            $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Interlocked.Increment(ref _temporaryCounter)}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            FlushFolder(folder);
        }
        catch
        {
            BestEffort(() => File.Delete(temporary));
            throw;
        }
        DeleteOrphans(folder, Path.GetFileName(path), DateTime.UtcNow - OrphanGracePeriod);
    }

    /// <summary>
    /// Deletes this path's temporary files (exactly <c>.NAME.PID.N.tmp</c>, digits only) last written before
    /// <paramref name="cutoff"/>: only an interrupted save leaves one that old; one that cannot be deleted waits for the next save.
    /// </summary>
    static void DeleteOrphans(string folder, string fileName, DateTime cutoff)
    {
        var ours = new Regex($@"^\.{Regex.Escape(fileName)}\.[0-9]+\.[0-9]+\.tmp\z");
        BestEffort(() =>
        {
            foreach (var candidate in Directory.EnumerateFiles(folder, $".{fileName}.*.tmp").Where(c => ours.IsMatch(Path.GetFileName(c))))
                BestEffort(() => { if (File.GetLastWriteTimeUtc(candidate) < cutoff) File.Delete(candidate); });
        });
    }

    /// <summary>Runs a file-system clean-up that may fail (in use, no permission, already gone) without failing the save.</summary>
    static void BestEffort(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// fsync of <paramref name="folder"/>, so that a rename inside it survives a power loss (POSIX: the new directory
    /// entry is durable only once the directory itself is synced); true when an fsync was done. A no-op returning false
    /// where unsupported (Windows makes renames durable through the file system's journal; .NET offers no directory
    /// handle there) and on file systems that cannot sync a directory (EINVAL: some network or FUSE mounts).
    /// </summary>
    /// <exception cref="IOException">The folder could not be opened or synced (errno in the message).</exception>
    internal static bool FlushFolder(string folder)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())) return false;
        using var fd = Open(folder, 0 /* O_RDONLY: a directory opens read-only on Linux, macOS and the BSDs */); // closed on dispose
        if (fd.IsInvalid)
            throw new IOException($"Could not open the folder '{folder}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        if (Fsync(fd) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        return errno == 22 ? false : throw new IOException($"fsync of the folder '{folder}' failed (errno {errno}).");
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial SafeFileHandle Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(SafeFileHandle fd);
}
