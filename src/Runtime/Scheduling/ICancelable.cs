namespace Spacedrive.Runtime.Scheduling;

/// <summary>A handle to cancel scheduled work. Cancelling does not abort work that already runs.</summary>
public interface ICancelable
{
    bool IsCancellationRequested { get; }
    void Cancel();
}
