using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// The file behind <see cref="TrainedModel.Save"/> and <see cref="TrainedModel.Load"/>: one versioned binary file, read back bit for bit.
/// </summary>
/// <remarks>
/// <para>Layout: <see cref="CheckpointContainer"/>; its sections hold the network architecture with priors, divergence,
/// estimator and the μ, ρ of every layer; the likelihood with its noise parameters; the standardisers; the description.</para>
/// <para>Writes are atomic: the bytes go to a temporary file in the same folder, are flushed to disk, and the file
/// is renamed over the target, then the folder is fsynced (on Unix) so that the rename itself survives a power loss.
/// A crash leaves either the old checkpoint or the new one, never half of one, and at most a leftover temporary
/// file <c>.NAME.PID.N.tmp</c>; later saves to the same path delete such leftovers once they are older than
/// 10 minutes (an older one cannot belong to a save still running).</para>
/// <para>Thread safety: stateless; saves from several threads or processes to one path are safe (each writes its
/// own temporary file; the last rename wins).</para>
/// <para>Loading validates as <see cref="TrainedModel.Load"/> says; types are chosen from a closed set of codes,
/// nothing is instantiated from a name found in the file.</para>
/// </remarks>
internal static class Checkpoint
{
    static long _temporaryCounter;

    /// <summary>How old a temporary file of an interrupted save must be before a later save deletes it (10 minutes).</summary>
    internal static readonly TimeSpan OrphanGracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (replacing any existing file).</summary>
    /// <exception cref="ArgumentException">The model holds a layer, prior, divergence or likelihood the format does not know (nothing is written).</exception>
    /// <exception cref="IOException">The folder is missing or not writable (the existing file is untouched).</exception>
    public static void Save(string path, TrainedModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        var bytes = CheckpointContainer.Write(ModelCodec.Encode(model));
        WriteAtomically(Path.GetFullPath(path), bytes);
    }

    /// <summary>Reads and validates a checkpoint.</summary>
    /// <exception cref="DataFormatException">The file is not a valid checkpoint of this format version (message names file, offset, problem).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static TrainedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Validates and decodes checkpoint bytes; <paramref name="name"/> names the source in errors.</summary>
    internal static TrainedModel Decode(byte[] bytes, string name) => ModelCodec.Decode(CheckpointContainer.Read(bytes, name), name);

    /// <summary>Temp file in the target's folder (same file system, so the rename is atomic), flushed to disk, renamed over the target.</summary>
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
            DirectorySync.Flush(folder);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        DeleteOrphans(folder, Path.GetFileName(path), DateTime.UtcNow - OrphanGracePeriod);
    }

    /// <summary>
    /// Deletes this path's temporary files (exactly <c>.NAME.PID.N.tmp</c>, digits only) last written before
    /// <paramref name="cutoff"/>: a save in progress keeps writing its file, so only interrupted ones are that old.
    /// Best effort: a file that cannot be deleted is left for the next save.
    /// </summary>
    internal static int DeleteOrphans(string folder, string fileName, DateTime cutoff)
    {
        int deleted = 0;
        string prefix = "." + fileName + ".";
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                string name = Path.GetFileName(candidate);
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
                var middle = name[prefix.Length..^4].Split('.');
                if (middle.Length != 2 || !middle.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))) continue;
                try
                {
                    if (File.GetLastWriteTimeUtc(candidate) >= cutoff) continue;
                    File.Delete(candidate);
                    deleted++;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return deleted;
    }
}
