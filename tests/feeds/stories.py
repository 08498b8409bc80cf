"""Texts for the feed tests, written for them (no real article): one wire story, an off-topic item,
and the pages, feeds and sitemap the local server serves."""

from __future__ import annotations

import json
from html import escape

WIRE = (
    "Seoul, 4 November (Testwire) - About 11,000 North Korean soldiers have been deployed to the Kursk region "
    "of Russia, South Korea's intelligence service said on Monday. The troops arrived by train in the east of "
    "Russia in October and were moved west over the following weeks, lawmakers briefed by the service told "
    "reporters after a closed session in Seoul. Some of the units have been seen near the border with Ukraine, "
    "the lawmakers said, and the service expects more to follow before the end of the year. Russia and North "
    "Korea have not confirmed the figure. Officials in Kyiv said the soldiers had been given Russian uniforms "
    "and papers, and that some had already taken part in fighting in the region."
)
WIRE_TITLE = "About 11,000 North Korean soldiers deployed to Kursk, Seoul says"

# A different report on the same day about the same story: the same facts, its own words.
OWN_REPORT = (
    "Pyongyang has sent roughly eleven thousand troops to fight for Moscow, according to a briefing in the "
    "South Korean parliament. Our correspondent spoke with two members of the intelligence committee, who said "
    "the soldiers travelled across Russia by rail before reaching the front near Kursk. Neither the Kremlin nor "
    "the government in Pyongyang commented. Analysts in Seoul warned that the deployment deepens the military "
    "partnership signed in June and could bring Russian technology to North Korea in return."
)
OWN_TITLE = "Briefing: Pyongyang's troops reach the front near Kursk"

OFF_TOPIC = (
    "The city council approved the new budget for public libraries on Tuesday. The plan adds two reading rooms "
    "and extends opening hours on weekends. Council members said the money comes from savings in the transport "
    "department and that construction will begin in the spring. Residents welcomed the decision at the meeting."
)

# Each outlet wraps the wire text in its own page furniture.
SITES = {
    "alpha": ("Alpha Daily", "<p>Alpha Daily &mdash; subscribe for 1 euro</p>",
              "<p>Read more: our weekend magazine.</p>"),
    "beta": ("Beta News", "<div class='teaser'>Most read today: weather, football, recipes</div>",
             "<p>(c) Beta News. Follow us for updates.</p>"),
    "gamma": ("Gamma Online", "<aside>Live ticker | Markets | Sport</aside>",
              "<p>This article was provided by a news agency and edited by our staff.</p>"),
}


def article_html(site: str, title: str = WIRE_TITLE, body: str = WIRE, date: str = "2024-11-04") -> str:
    name, top, bottom = SITES[site]
    paragraphs = "".join(f"<p>{escape(s.strip())}.</p>" for s in body.split(". ") if s.strip())
    return f"""<!doctype html><html lang="en"><head><title>{escape(title)} | {name}</title>
<meta property="article:published_time" content="{date}T08:00:00Z">
<script>window.tracker = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script>
<style>body {{ font-family: serif }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>{top}
<article><h1>{escape(title)}</h1>{paragraphs}</article>
<iframe src="https://ads.invalid/frame">IFRAME-TEXT-MUST-NOT-APPEAR</iframe>
<script>document.write("SCRIPT-TEXT-MUST-NOT-APPEAR")</script>{bottom}
<footer>Imprint | Privacy | Contact</footer></body></html>"""


def rss(items: list[dict], title: str = "Test feed") -> str:
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{escape(title)}</title>'
           '<link>http://feed.invalid/</link><description>test</description>']
    for it in items:
        content = f"<content:encoded>{escape(it['content'])}</content:encoded>" if it.get("content") else ""
        out.append(f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>"
                   f"<guid>{escape(it.get('guid', it['link']))}</guid>"
                   f"<pubDate>{it.get('date', 'Mon, 04 Nov 2024 08:00:00 GMT')}</pubDate>"
                   f"<description>{escape(it.get('summary', ''))}</description>{content}</item>")
    out.append("</channel></rss>")
    return "".join(out)


def atom(items: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
           '<title>Atom test</title><id>urn:test:atom</id><updated>2024-11-04T08:00:00Z</updated>']
    for it in items:
        out.append(f"<entry><title>{escape(it['title'])}</title><link href=\"{escape(it['link'])}\"/>"
                   f"<id>{escape(it.get('guid', it['link']))}</id><updated>2024-11-04T08:00:00Z</updated>"
                   f"<content type=\"html\">{escape(it.get('content', ''))}</content></entry>")
    out.append("</feed>")
    return "".join(out)


def json_feed(items: list[dict]) -> str:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON test",
                       "items": [{"id": it.get("guid", it["link"]), "url": it["link"], "title": it["title"],
                                  "content_text": it.get("text", ""), "date_published": "2024-11-04T08:00:00Z"}
                                 for it in items]})


def sitemap(urls: list[str]) -> str:
    locs = "".join(f"<url><loc>{escape(u)}</loc><lastmod>2024-11-04</lastmod></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{escape(s.strip())}.</p>" for s in text.split(". ") if s.strip())
