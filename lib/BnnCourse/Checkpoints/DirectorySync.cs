using System.Runtime.InteropServices;

namespace BnnCourse;

/// <summary>
/// fsync of a folder, so that a rename inside it survives a power loss (POSIX: the new directory entry is durable
/// only once the directory itself is synced). A no-op where unsupported (Windows makes renames durable through
/// the file system's journal; .NET offers no directory handle there).
/// </summary>
static partial class DirectorySync
{
    /// <summary>Syncs <paramref name="folder"/>; true when an fsync was done, false where the platform has none.</summary>
    /// <exception cref="IOException">The folder could not be opened or synced (errno in the message).</exception>
    public static bool Flush(string folder)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())) return false;
        int fd = Open(folder, 0 /* O_RDONLY: a directory opens read-only on Linux, macOS and the BSDs */);
        if (fd < 0)
            throw new IOException($"Could not open the folder '{folder}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL: the file system does not support syncing a directory (some network or FUSE mounts): nothing to do.
                if (errno == 22) return false;
                throw new IOException($"fsync of the folder '{folder}' failed (errno {errno}).");
            }
            return true;
        }
        finally { Close(fd); }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
