namespace Spacedrive.Runtime.Event;

/// <summary>Marks messages whose dead letters are expected (published as <see cref="SuppressedDeadLetter"/>, not logged).</summary>
public interface IDeadLetterSuppression;
