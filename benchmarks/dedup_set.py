"""A hand-written near-duplicate set for ``feed_bench.py`` (no real article: every text written for it).

Per story: the wire text; copies an outlet might run (the wire text in its own furniture, cut short,
lightly rewritten: a new headline, a sentence reworded or dropped, a local line added); and distinct
reports on the same story (the same facts, their own words).  Copies must be matched to their wire
text, distinct reports must not be.
"""

from __future__ import annotations

STORIES = {
    "kursk": {
        "wire": (
            "About 11,000 North Korean soldiers have been deployed to the Kursk region of Russia, South Korea's "
            "intelligence service said on Monday. The troops arrived by train in the east of Russia in October and "
            "were moved west over the following weeks, lawmakers briefed by the service told reporters after a "
            "closed session in Seoul. Some of the units have been seen near the border with Ukraine, the lawmakers "
            "said, and the service expects more to follow before the end of the year. Russia and North Korea have "
            "not confirmed the figure. Officials in Kyiv said the soldiers had been given Russian uniforms and "
            "papers, and that some had already taken part in fighting in the region."),
        "rewrite": (
            "Seoul: 11,000 North Korean troops now in Kursk. About 11,000 North Korean soldiers have been deployed "
            "to Russia's Kursk region, according to South Korea's intelligence service. The troops arrived by train "
            "in the east of Russia in October and were moved west over the following weeks, lawmakers briefed by the "
            "service told reporters on Monday. Some of the units have been seen near the border with Ukraine, the "
            "lawmakers said, and the service expects more to follow before the end of the year. Neither Moscow nor "
            "Pyongyang has confirmed the figure."),
        "distinct": [
            "Pyongyang has sent roughly eleven thousand troops to fight for Moscow, according to a briefing in the "
            "South Korean parliament. Our correspondent spoke with two members of the intelligence committee, who "
            "said the soldiers travelled across Russia by rail before reaching the front near Kursk. Neither the "
            "Kremlin nor the government in Pyongyang commented. Analysts in Seoul warned that the deployment deepens "
            "the military partnership signed in June and could bring Russian technology to North Korea in return.",
            "In Kursk, villagers describe unfamiliar soldiers in Russian uniforms who speak neither Russian nor "
            "Ukrainian. South Korean lawmakers put their number at about 11,000 after a closed briefing on Monday. "
            "Ukrainian officers near the border say the new units have been kept apart from Russian troops and move "
            "at night. Military experts doubt that soldiers without combat experience will change much on the "
            "front, but say their presence frees Russian units for other sectors.",
        ],
    },
    "treaty": {
        "wire": (
            "Russia's upper house of parliament on Wednesday ratified the comprehensive strategic partnership treaty "
            "with North Korea, which obliges each side to come to the other's aid with all available means if it is "
            "attacked. The Federation Council approved the agreement without debate, days after the State Duma had "
            "voted for it unanimously. The treaty was signed by Vladimir Putin and Kim Jong Un during the Russian "
            "president's visit to Pyongyang in June. It now needs only Putin's signature to enter into force. "
            "South Korea and Japan have called the treaty a threat to regional security."),
        "rewrite": (
            "Russian senators back defence pact with Pyongyang. The Federation Council, Russia's upper house, on "
            "Wednesday ratified the comprehensive strategic partnership treaty with North Korea, which obliges each "
            "side to come to the other's aid with all available means if it is attacked. The agreement was approved "
            "without debate, days after the State Duma had voted for it unanimously. The treaty was signed by Vladimir "
            "Putin and Kim Jong Un in Pyongyang in June and now needs only the president's signature."),
        "distinct": [
            "The mutual defence clause at the heart of the new treaty between Moscow and Pyongyang has alarmed "
            "diplomats in Seoul and Tokyo. Legal scholars note that its wording echoes a Soviet-era pact from 1961 "
            "that lapsed after the end of the Cold War. With the ratification completed by both chambers of the "
            "Russian parliament this week, the document could take effect within days. Western governments have "
            "so far responded with statements rather than new sanctions.",
            "Kim Jong Un's government welcomed the vote in Moscow as proof of an alliance of equals. North Korean "
            "state media carried a long commentary praising the senators and calling the partnership a shield "
            "against American pressure. The commentary did not mention the soldiers that, according to Seoul and "
            "Kyiv, have already been sent to Russia.",
        ],
    },
    "casualties": {
        "wire": (
            "Ukraine's military intelligence said on Saturday that North Korean units in the Kursk region had "
            "suffered heavy losses in their first weeks of fighting. Several hundred soldiers were killed or wounded "
            "in attacks on Ukrainian positions near the village of Plekhovo, the agency said, without giving exact "
            "figures. The claims could not be independently verified. South Korea's spy agency told lawmakers "
            "separately that at least 100 North Korean soldiers had been killed and about 1,000 wounded. Russia has "
            "denied that North Korean troops are fighting on its territory."),
        "rewrite": (
            "Kyiv reports heavy North Korean losses near Kursk. North Korean units in Russia's Kursk region have "
            "suffered heavy losses in their first weeks of fighting, Ukraine's military intelligence said on "
            "Saturday. Several hundred soldiers were killed or wounded in attacks on Ukrainian positions near the "
            "village of Plekhovo, the agency said, without giving exact figures. South Korea's spy agency told "
            "lawmakers separately that at least 100 North Korean soldiers had been killed and about 1,000 wounded. "
            "Moscow denies that North Korean troops are fighting on its soil."),
        "distinct": [
            "Drone footage released by a Ukrainian brigade appears to show groups of soldiers crossing open fields "
            "near Plekhovo in broad daylight, a tactic that military analysts say exposes them to artillery. The "
            "brigade says the men were North Korean. Seoul's intelligence service estimates that about a hundred "
            "have died so far, while Kyiv speaks of several hundred dead and wounded; neither figure can be checked.",
            "Families in South Korea who fled the North years ago say they fear relatives may be among the soldiers "
            "sent to Russia. Aid groups in Seoul have set up a hotline for defectors seeking information. The "
            "government has said it would accept any North Korean soldier who surrenders and asks to come south.",
        ],
    },
    "sanctions": {
        "wire": (
            "The European Union on Monday imposed sanctions on North Korea's defence minister and several senior "
            "officers over the deployment of troops to Russia. The measures freeze any assets the officials hold in "
            "the EU and bar them from entering its territory. The bloc's foreign ministers said the deployment marks "
            "a dangerous escalation of the war against Ukraine and a serious threat to European security. The "
            "sanctions also target Russian entities accused of transporting North Korean ammunition and missiles. "
            "Pyongyang has rejected earlier sanctions as illegal."),
        "rewrite": (
            "EU sanctions North Korean defence minister over troops in Russia. The European Union imposed sanctions "
            "on Monday on North Korea's defence minister and several senior officers over the deployment of troops "
            "to Russia. The measures freeze any assets the officials hold in the EU and bar them from entering its "
            "territory. Foreign ministers of the bloc called the deployment a dangerous escalation of the war against "
            "Ukraine. The sanctions also target Russian entities accused of transporting North Korean ammunition "
            "and missiles."),
        "distinct": [
            "Brussels has run out of North Korean targets that matter, diplomats concede privately: few officials in "
            "Pyongyang hold assets in Europe or travel there. The new listings, agreed by foreign ministers on "
            "Monday, are meant mainly as a signal to Moscow. More consequential, they say, are the measures against "
            "Russian shipping firms that move ammunition between the two countries.",
            "North Korea's foreign ministry condemned the European decision within hours, calling it a provocation "
            "by vassals of Washington. A spokesman said the cooperation with Russia was lawful and would continue "
            "under the treaty ratified this autumn. The statement did not address the accusation that North Korean "
            "soldiers are fighting in Kursk.",
        ],
    },
}

# What outlets put around a syndicated text (teasers, notes, calls to subscribe).
FURNITURE = [
    ("Breaking | Live updates | Most read", "Read more: our weekend magazine. Subscribe for one euro."),
    ("This article is provided by a news agency.", "(c) Beta News 2024. Follow us for updates on the war."),
    ("Morning briefing - the news in five minutes", "This text was edited by our staff. Comments are closed."),
]


def cases() -> tuple[dict[str, str], list[tuple[str, str, str | None]]]:
    """(the wire texts to index by story, [(label, text, the story it copies or None)])."""
    wires = {k: v["wire"] for k, v in STORIES.items()}
    out = []
    for i, (k, v) in enumerate(STORIES.items()):
        top, bottom = FURNITURE[i % len(FURNITURE)]
        sentences = v["wire"].split(". ")
        out.append((f"{k}: wire in an outlet's furniture", f"{top}\n{v['wire']}\n{bottom}", k))
        out.append((f"{k}: wire cut to its first sentences", ". ".join(sentences[:4]) + ".", k))
        out.append((f"{k}: light rewrite", v["rewrite"], k))
        out += [(f"{k}: distinct report {j + 1}", d, None) for j, d in enumerate(v["distinct"])]
        # The hard case: a report of its own that quotes two of the wire's sentences word for word.
        quoted = f"{v['distinct'][1]} {sentences[0]}. As the agency put it: {sentences[3]}."
        out.append((f"{k}: distinct report quoting the wire", quoted, None))
    return wires, out
