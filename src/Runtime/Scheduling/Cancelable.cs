namespace Spacedrive.Runtime.Scheduling;

/// <summary>A cancelable one can create up front and pass to several Schedule* calls.</summary>
public sealed class Cancelable : ICancelable
{
    private List<Action>? _callbacks = [];
    private readonly object _gate = new();

    public bool IsCancellationRequested => Volatile.Read(ref _callbacks) is null;

    public void Cancel()
    {
        List<Action>? callbacks;
        lock (_gate)
        {
            callbacks = _callbacks;
            _callbacks = null;
        }
        if (callbacks is null) return;
        foreach (var callback in callbacks) callback();
    }

    internal void OnCancel(Action callback)
    {
        lock (_gate)
        {
            if (_callbacks is not null)
            {
                _callbacks.Add(callback);
                return;
            }
        }
        callback();
    }

    public static ICancelable CreateCanceled()
    {
        var cancelable = new Cancelable();
        cancelable.Cancel();
        return cancelable;
    }
}
