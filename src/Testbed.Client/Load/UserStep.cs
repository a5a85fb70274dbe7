namespace Testbed.Client.Load;

/// <summary>
/// What a user's sending loop does next, in the order the scheduler decided it: send a
/// request, or leave a site. One queue for both keeps a request planned before a move on the
/// old site's connection, and every request planned after it on a new one.
/// </summary>
internal abstract record UserStep;
