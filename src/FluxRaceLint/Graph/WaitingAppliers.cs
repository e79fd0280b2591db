namespace FluxRaceLint.Graph;

/// <summary>
/// The Kustomizations of a walk that wait for a substituteFrom object no applier has applied yet,
/// indexed by that object, so a build re-checks only the Kustomizations that wait for what it applied.
/// Every operation returns Kustomizations in the order they first started waiting.
/// </summary>
internal sealed class WaitingAppliers
{
    private readonly Dictionary<Applier, int> _sequence = [];
    private readonly Dictionary<SubstituteFromResolver.ObjectKey, List<Applier>> _byMissing = [];
    private readonly Dictionary<Applier, SubstituteFromResolver.ObjectKey> _missing = [];
    private readonly SortedDictionary<int, Applier> _waiting = [];
    private readonly SortedDictionary<int, Applier> _hopeless = [];
    private readonly List<Applier> _woken = [];

    /// <summary>
    /// Records that <paramref name="applier"/> waits for <paramref name="missing"/>.
    /// <paramref name="mayStillAppear"/> is false when nothing in the repository can apply any
    /// object the applier misses.
    /// </summary>
    public void Add(Applier applier, SubstituteFromResolver.ObjectKey missing, bool mayStillAppear)
    {
        if (!_sequence.TryGetValue(applier, out var sequence))
            _sequence[applier] = sequence = _sequence.Count;
        _missing[applier] = missing;
        _waiting[sequence] = applier;
        if (!mayStillAppear)
            _hopeless[sequence] = applier;
        if (!_byMissing.TryGetValue(missing, out var list))
            _byMissing[missing] = list = [];
        list.Add(applier);
    }

    /// <summary>Marks the Kustomizations that wait for <paramref name="applied"/> as ready to check again.</summary>
    public void Wake(SubstituteFromResolver.ObjectKey applied)
    {
        if (!_byMissing.Remove(applied, out var list))
            return;
        foreach (var applier in list)
        {
            if (_missing.TryGetValue(applier, out var missing) && missing == applied)
            {
                Remove(applier);
                _woken.Add(applier);
            }
        }
    }

    /// <summary>Removes and returns the Kustomizations woken since the last call.</summary>
    public List<Applier> TakeWoken()
    {
        var woken = _woken.OrderBy(a => _sequence[a]).ToList();
        _woken.Clear();
        return woken;
    }

    /// <summary>Removes and returns the Kustomizations that nothing in the repository can unblock.</summary>
    public List<Applier> TakeHopeless()
    {
        var hopeless = _hopeless.Values.ToList();
        foreach (var applier in hopeless)
            Remove(applier);
        return hopeless;
    }

    /// <summary>Removes and returns the Kustomization that has waited longest, or null when none waits.</summary>
    public Applier? TakeFirst()
    {
        if (_waiting.Count == 0)
            return null;
        var first = _waiting.First().Value;
        Remove(first);
        return first;
    }

    private void Remove(Applier applier)
    {
        var sequence = _sequence[applier];
        _missing.Remove(applier);
        _waiting.Remove(sequence);
        _hopeless.Remove(sequence);
    }
}
