namespace BnnCourse.Numerics;

/// <summary>
/// A fork-join over a fixed number of parts: the caller runs parts itself and thread-pool workers help. Which
/// thread runs a part never changes what the part computes (the partition is fixed by the caller), so results are
/// identical for any number of helpers, including none (a starved thread pool only makes it slower).
/// </summary>
/// <remarks>
/// Instances are reused (one per calling thread and kernel kind) so a call allocates nothing. A work item queued
/// for an earlier run may start late; it then helps the current run, which is harmless because parts are claimed
/// atomically against a (generation, parts, next) word.
/// </remarks>
internal abstract class PartitionedJob : IThreadPoolWorkItem
{
    // bits 63..32 generation, 31..16 number of parts, 15..0 next unclaimed part
    long _state;
    int _done;

    /// <summary>The most parts one run can have.</summary>
    public const int MaxParts = 0xFFFF;

    /// <summary>Computes one part. Must not throw.</summary>
    protected abstract void RunPart(int part);

    /// <summary>Runs parts 0..parts−1 (at most <see cref="MaxParts"/>) using the caller and up to helpers thread-pool threads; returns when all are done.</summary>
    public void Run(int parts, int helpers)
    {
        if (parts <= 1 || helpers <= 0)
        {
            for (int p = 0; p < parts; p++) RunPart(p);
            return;
        }
        long generation = (Volatile.Read(ref _state) >> 32) + 1;
        Volatile.Write(ref _done, 0);
        Interlocked.Exchange(ref _state, (generation << 32) | ((long)parts << 16));
        for (int i = 0; i < Math.Min(helpers, parts - 1); i++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        Drain();
        var spin = new SpinWait();
        while (Volatile.Read(ref _done) < parts) spin.SpinOnce(sleep1Threshold: -1);
    }

    void Drain()
    {
        while (true)
        {
            long s = Volatile.Read(ref _state);
            int parts = (int)((s >> 16) & 0xFFFF), next = (int)(s & 0xFFFF);
            if (next >= parts) return;
            if (Interlocked.CompareExchange(ref _state, s + 1, s) != s) continue;
            RunPart(next);
            Interlocked.Increment(ref _done);
        }
    }

    void IThreadPoolWorkItem.Execute() => Drain();
}
