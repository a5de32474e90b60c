//! The lifecycle in words: dates stated so they stay true with nobody
//! rebuilding ("Open for responses from … until …"), the four stages with
//! their dates, what the script needs to say which stage is today's, and the
//! dated stage changes for the changelog and the feed. Nothing here reads a
//! clock: the same input gives the same words on any day.

use super::html::Here;
use super::views::{period_when, When};
use crate::model::dates::Date;
use crate::model::Site;
use serde::Serialize;

/// A moment of the lifecycle in words: "23:59 on 20 May 2011 (BST)", "the
/// end of 20 May 2011"; its machine form is exact when there is a zone.
pub fn moment(site: &Site, d: &Date, end: bool) -> When {
    let iso = period_when(site, d, end).iso;
    let zone = site.period.zone.as_ref().and_then(|z| z.instant(d, end));
    let text = match (d.time, d.day) {
        (Some(_), _) => match zone.and_then(|i| i.abbreviation) {
            Some(a) => format!("{} ({a})", d.long_with_time()),
            None => d.long_with_time(),
        },
        (None, Some(_)) if end => format!("the end of {}", d.long()),
        _ => d.long(),
    };
    When { text, iso }
}

/// ", London time" after a sentence of times, when there is a zone.
fn zone_words(site: &Site) -> String {
    site.period.zone.as_ref().map(|z| format!(", {}", z.place())).unwrap_or_default()
}

/// When responses closed, as the script says it after the close: "at 23:59
/// on 20 May 2011, London time (BST)", or "at the end of 20 May 2011".
pub fn closed_at(site: &Site) -> Option<String> {
    let c = site.period.closes.as_ref()?;
    let words = period_when(site, c, true).text;
    Some(if c.time.is_some() { format!("at {words}") } else { format!("at the end of {words}") })
}

/// One of the four stages.
#[derive(Serialize)]
pub struct Step {
    /// `upcoming`, `open`, `closed`, `outcome`: what the script matches.
    pub key: &'static str,
    pub name: &'static str,
    /// Its dates in words, if known.
    pub when: String,
    /// Only ever true for the outcome, which is a fact of the content.
    pub current: bool,
}

/// What the pages say about the lifecycle.
#[derive(Serialize)]
pub struct StageView {
    /// Whether there are dates to state.
    pub dated: bool,
    pub concluded: bool,
    pub opens: Option<When>,
    pub closes: Option<When>,
    /// ", London time".
    pub zone: String,
    /// "from 23:59 on 6 May 2011 (BST)", with the reason.
    pub extended_from: Option<String>,
    pub extension_reason: Option<String>,
    pub outcome_due: Option<When>,
    pub outcome_published: Option<When>,
    pub outcome: Option<super::views::Link>,
    pub steps: Vec<Step>,
    /// For the script: each moment in words, with the zone.
    pub opens_words: String,
    pub closes_words: String,
    pub due_words: String,
}

/// The stage view, with links relative to `here`.
pub fn stage(site: &Site, here: Here) -> StageView {
    let l = &site.lifecycle;
    let p = &site.period;
    let opens = p.opens.as_ref().map(|d| moment(site, d, false));
    let closes = p.closes.as_ref().map(|d| moment(site, d, true));
    let due = l.outcome_due.as_ref().map(When::from);
    let published = l.outcome_published.as_ref().map(When::from);
    let zone = zone_words(site);
    let words = |w: &Option<When>| w.as_ref().map(|w| format!("{}{zone}", w.text)).unwrap_or_default();
    let mut steps = Vec::new();
    if let Some(o) = &opens {
        steps.push(Step { key: "upcoming", name: "Upcoming", when: format!("until {}", o.text), current: false });
    }
    if opens.is_some() || closes.is_some() {
        let when = match (&opens, &closes) {
            (Some(o), Some(c)) => format!("from {} until {}", o.text, c.text),
            (Some(o), None) => format!("from {}", o.text),
            (None, Some(c)) => format!("until {}", c.text),
            (None, None) => String::new(),
        };
        steps.push(Step { key: "open", name: "Open for responses", when, current: false });
        let mut when = closes.as_ref().map(|c| format!("from {}", c.text)).unwrap_or_default();
        if let Some(d) = &due {
            when.push_str(&format!("{}outcome due by {}", if when.is_empty() { "" } else { "; " }, d.text));
        }
        steps.push(Step { key: "closed", name: "Closed, responses being analysed", when, current: false });
    }
    if !steps.is_empty() || l.outcome.is_some() {
        let when = match (&published, &due) {
            (Some(p), _) => format!("on {}", p.text),
            (None, Some(d)) => format!("due by {}", d.text),
            _ => String::new(),
        };
        steps.push(Step { key: "outcome", name: "Outcome published", when, current: l.concluded() });
    }
    StageView {
        dated: opens.is_some() || closes.is_some(),
        concluded: l.concluded(),
        opens_words: words(&opens),
        closes_words: words(&closes),
        due_words: due.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
        opens,
        closes,
        zone,
        extended_from: l.extension.as_ref().map(|e| moment(site, &e.was, true).text),
        extension_reason: l.extension.as_ref().map(|e| e.reason.clone()),
        outcome_due: due,
        outcome_published: published,
        outcome: l.outcome.map(|d| super::views::target_link(site, &crate::model::Target::Document(d), here)),
        steps,
    }
}

/// A dated change of stage: for the changelog and the feed.
pub struct Event {
    pub date: Date,
    /// Stable, for the feed entry's id: `stage-open`.
    pub key: String,
    pub title: String,
    /// The page it is about, from the site root.
    pub path: String,
    pub summary: String,
}

/// The stage changes that have dates, in date order.
pub fn events(site: &Site) -> Vec<Event> {
    let l = &site.lifecycle;
    let p = &site.period;
    let home = "index.html".to_string();
    let zone = zone_words(site);
    let mut out = Vec::new();
    if let Some(o) = &p.opens {
        let words = format!("{}{zone}", moment(site, o, false).text);
        out.push(Event {
            date: *o,
            key: "stage-open".into(),
            title: format!("Open for responses from {words}"),
            path: home.clone(),
            summary: format!("The consultation opens for responses at {words}."),
        });
    }
    if let Some(c) = &p.closes {
        let words = format!("{}{zone}", moment(site, c, true).text);
        let mut summary = format!("The consultation closes for responses at {words}; responses are then analysed.");
        if let Some(e) = &l.extension {
            summary.push_str(&format!(
                " The closing time was extended from {}: {}",
                moment(site, &e.was, true).text,
                e.reason
            ));
        }
        if let Some(d) = &l.outcome_due {
            summary.push_str(&format!(" The outcome is due by {}.", d.long()));
        }
        out.push(Event {
            date: *c,
            key: "stage-closed".into(),
            title: format!("Closes for responses at {words}"),
            path: home.clone(),
            summary,
        });
    }
    if let (Some(d), Some(doc)) = (&l.outcome_published, l.outcome) {
        let doc = &site.documents[doc];
        let mut summary = format!("The outcome is published: {}.", doc.title);
        if let Some(o) = &site.outcome {
            summary.push_str(&format!(" {} responses received; {} themes.", o.total, o.themes.len()));
        }
        out.push(Event {
            date: *d,
            key: "stage-outcome".into(),
            title: format!("Outcome published: {}", doc.title),
            path: format!("{}/index.html", doc.slug),
            summary,
        });
    }
    out.sort_by_key(|e| e.date);
    out
}

/// A stage change as the changelog lists it.
#[derive(Serialize)]
pub struct EventView {
    pub date: When,
    pub title: String,
    pub summary: String,
    pub href: String,
}

/// The stage changes for a page at `root`, newest first like the versions.
pub fn event_views(site: &Site, root: &str) -> Vec<EventView> {
    events(site)
        .into_iter()
        .rev()
        .map(|e| EventView {
            date: When::from(&e.date),
            title: e.title,
            summary: e.summary,
            href: format!("{root}{}", e.path),
        })
        .collect()
}

/// A fact about where the process stands, with a link to more.
#[derive(Serialize)]
pub struct Fact {
    pub text: String,
    pub link: Option<super::views::Link>,
}

/// Where the process stands, from the data the site has: meetings held and
/// to come, recommendations by status. For a site without a response
/// period, whose home page would otherwise say only what it lacks.
pub fn standing(site: &Site, here: Here) -> Vec<Fact> {
    use crate::load::raw::MeetingStatus;
    let mut out = Vec::new();
    let held: Vec<usize> =
        (0..site.meetings.len()).filter(|&i| site.meetings[i].status == MeetingStatus::Held).collect();
    let link = |i: usize| {
        let m = super::views::meeting_link(site, i, here);
        Some(super::views::Link { title: m.title, href: m.href, current: false })
    };
    if let Some(&last) = held.last() {
        let n = held.len();
        let text = format!(
            "{n} meeting{} held, the latest on {}:",
            if n == 1 { "" } else { "s" },
            site.meetings[last].date.long()
        );
        out.push(Fact { text, link: link(last) });
    }
    if let Some(next) = (0..site.meetings.len()).find(|&i| site.meetings[i].status == MeetingStatus::Scheduled) {
        out.push(Fact {
            text: format!("Next meeting scheduled for {}:", site.meetings[next].date.long()),
            link: link(next),
        });
    }
    if !site.recommendations.is_empty() {
        let mut counts: std::collections::BTreeMap<_, usize> = std::collections::BTreeMap::new();
        for r in &site.recommendations {
            *counts.entry(r.status).or_default() += 1;
        }
        let parts: Vec<String> =
            counts.iter().map(|(s, n)| format!("{n} {}", super::views::rec_status(*s).0.to_lowercase())).collect();
        let n = site.recommendations.len();
        out.push(Fact {
            text: format!("{n} recommendation{}: {}.", if n == 1 { "" } else { "s" }, parts.join(", ")),
            link: Some(super::views::Link {
                title: "The recommendations".into(),
                href: format!("{}recommendations/index.html", here.root),
                current: false,
            }),
        });
    }
    out
}
