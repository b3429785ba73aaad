using BnnCourse.Data;

namespace BnnCourse;

/// <summary>
/// Saves a <see cref="TrainedModel"/> to one versioned binary file and loads it back, bit for bit.
/// </summary>
/// <remarks>
/// <para>Format (version 1): an 8-byte magic "BNNCKPT\0", the format version, a section table (network
/// architecture with priors, divergence, estimator and the μ, ρ of every layer; likelihood with its noise
/// parameters; input and target standardisation; description) and a SHA-256 of everything before it.</para>
/// <para>Writes are atomic: the bytes go to a temporary file in the same folder, are flushed to disk, and the file
/// is renamed over the target, so a crash leaves either the old checkpoint or the new one, never half of one
/// (a leftover <c>.tmp</c> file at most).</para>
/// <para>Loading validates everything (magic, version, sizes, checksum, every code and length, the fit between
/// the parts) and refuses a truncated, corrupted, newer-version or inconsistent file with a
/// <see cref="DataFormatException"/> naming the file, the byte offset and what was wrong. Types are chosen from a
/// closed set of codes; nothing is instantiated from a name found in the file.</para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = CheckpointContainer.FormatVersion;

    static long _temporaryCounter;

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
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
