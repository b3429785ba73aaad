using BnnCourse.Distributions;
using BnnCourse.Models;
using BnnCourse.Numerics;
using BnnCourse.Randomness;
using BnnCourse.Tests.Support;

namespace BnnCourse.Tests.Models;

/// <summary>A workspace is single-threaded state: misuse from a second thread throws instead of corrupting results.</summary>
public class WorkspaceThreadingTests
{
    static Network Net() => Network.BayesianMlp([3, 8, 2], new GaussianPrior(1f), new Xoshiro256(4));

    static Exception? OnOtherThread(Action action)
    {
        Exception? caught = null;
        var t = new Thread(() => { try { action(); } catch (Exception e) { caught = e; } });
        t.Start();
        t.Join();
        return caught;
    }

    [Fact]
    public void A_pass_while_another_thread_holds_the_workspace_throws_naming_that_thread()
    {
        var net = Net();
        var x = TestData.Normal(new Xoshiro256(1), 2 * 3);
        var ws = net.CreateWorkspace(2);
        var expected = new float[4];
        net.PredictMean(ws, x, 2, expected);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int holder = 0;
        var other = new Thread(() =>
        {
            holder = Environment.CurrentManagedThreadId;
            using (ws.Enter()) // what a pass holds while it runs
            {
                holding.Set();
                release.Wait();
            }
        });
        other.Start();
        holding.Wait();
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => net.ForwardMean(ws, x, 2, 0f));
            Assert.Contains($"in use by a pass on thread {holder}", e.Message);
            Assert.Throws<InvalidOperationException>(() => net.PredictMean(ws, x, 2, new float[4]));
            Assert.Throws<InvalidOperationException>(() => net.Backward(ws));
        }
        finally
        {
            release.Set();
            other.Join();
        }
        var after = new float[4]; // released: usable again, from this thread, with the same answer
        net.PredictMean(ws, x, 2, after);
        Assert.Equal(expected, after);
    }

    [Fact]
    public void A_workspace_handed_to_another_thread_between_passes_gives_the_same_results()
    {
        // Notebook cells and await continuations run on different threads: handing over between passes is allowed.
        var net = Net();
        var x = TestData.Normal(new Xoshiro256(1), 4 * 3);
        var ws = net.CreatePredictionWorkspace(4);
        var here = new float[8];
        net.Predict(ws, x, 4, here, new Xoshiro256(9));
        var there = new float[8];
        Assert.Null(OnOtherThread(() => net.Predict(ws, x, 4, there, new Xoshiro256(9))));
        Assert.Equal(here, there);
    }

    [Fact]
    public void A_trainer_step_holds_its_workspace_through_forward_and_backward()
    {
        var net = Net();
        var objective = new BnnCourse.Objectives.FreeEnergy(net, BnnCourse.Likelihoods.GaussianLikelihood.FixedNoise(0.5f), BnnCourse.Objectives.KlWeighting.PerMinibatch);
        var trainer = BnnCourse.Training.Trainer.WithAdam(objective, 1e-3f, 2);
        var x = TestData.Normal(new Xoshiro256(1), 2 * 3);
        var y = TestData.Normal(new Xoshiro256(2), 2 * 2);
        using (trainer.Workspace.Network.Enter()) // nested use on the same thread is fine
            trainer.Step(x, y, 2, new BnnCourse.Objectives.Minibatch(1, 1, 2), new Xoshiro256(3));
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var other = new Thread(() => { using (trainer.Workspace.Network.Enter()) { holding.Set(); release.Wait(); } });
        other.Start();
        holding.Wait();
        try
        {
            Assert.Throws<InvalidOperationException>(() => trainer.Step(x, y, 2, new BnnCourse.Objectives.Minibatch(1, 1, 2), new Xoshiro256(3)));
        }
        finally
        {
            release.Set();
            other.Join();
        }
        Assert.Equal(1, trainer.StepCount);
    }

    [Fact]
    public void Two_threads_sharing_a_workspace_get_an_exception_never_a_wrong_answer()
    {
        // The scenario: two threads predicting through one workspace. Each result either equals the
        // single-threaded answer or the call threw InvalidOperationException; nothing else is allowed.
        var net = Net();
        var inputs = Enumerable.Range(0, 2).Select(k => TestData.Normal(new Xoshiro256((ulong)(10 + k)), 4 * 3)).ToArray();
        var expected = inputs.Select(x => net.PredictMean(new Matrix(4, 3, x)).Data).ToArray();
        var ws = net.CreatePredictionWorkspace(4);
        int wrong = 0, refused = 0, right = 0;
        var threads = Enumerable.Range(0, 2).Select(k => new Thread(() =>
        {
            var y = new float[8];
            for (int i = 0; i < 200; i++)
            {
                try
                {
                    net.PredictMean(ws, inputs[k], 4, y);
                    if (y.AsSpan().SequenceEqual(expected[k])) Interlocked.Increment(ref right); else Interlocked.Increment(ref wrong);
                }
                catch (InvalidOperationException) { Interlocked.Increment(ref refused); }
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(0, wrong);
        Assert.Equal(400, refused + right);
    }
}
