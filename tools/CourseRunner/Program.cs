using BnnCourse.CourseRunner;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel(); // the runner kills the running kernel's process group
};
try
{
    return await CourseApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
