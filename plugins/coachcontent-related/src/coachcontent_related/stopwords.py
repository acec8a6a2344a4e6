"""Stop words: the words that say nothing about what a post is about.

Small hand-made lists for English, German, French and Spanish, lowercase.
Words shorter than the ``min_word_length`` setting are dropped anyway, so
the lists concentrate on longer function words and on the filler words
of blog prose ("really", "things", "something").
"""

from __future__ import annotations

_EN = """
about above across actually after again against ago all almost along already also
although always among and another any anybody anyone anything anyway anywhere are
aren around away back because been before behind being below besides best better
between beyond both but came can cannot could couldn did didn does doesn doing done
don down during each either else enough even ever every everyone everything few
first for from further get gets getting give given goes going gone got had hadn has
hasn have haven having her here hers herself him himself his how however into isn
its itself just know last least less let like likely made make makes making many
may maybe might mine more most much must myself need never new next none nor not
nothing now off often once one only onto other others our ours ourselves out over
own per perhaps quite rather really right said same say says see seem seems shall
she should shouldn since some somebody someone something sometimes still such sure
take than that the their theirs them themselves then there these they thing things
think this those though three through thus together too toward towards two under
until upon use used using very via want was wasn way ways well went were weren what
whatever when where whether which while who whom whose why will with within without
won would wouldn yes yet you your yours yourself yourselves able across instead
whole another became become becomes bit lot lots kind around time times year years
day days week weeks also ones
"""

_DE = """
aber alle allem allen aller alles als also andere anderem anderen anderer anderes
auch auf aus bei beim bin bis bist bereits damit dann das dass dasselbe dazu dein
deine deinem deinen deiner dem den denn der derselbe des dessen dich die dies diese
diesem diesen dieser dieses dir doch dort durch ein eine einem einen einer eines
einig einige einigem einigen einiger einiges einmal etwa etwas euch euer eure eurem
euren eurer für gegen gewesen hab habe haben hast hat hatte hatten hattest hier hin
hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres immer indem ins ist jede
jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kannst kein keine
keinem keinen keiner keines können könnte machen macht man manche manchem manchen
mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste
nach nicht nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen
seiner seines selbst sich sie sind solche solchem solchen solcher solches soll
sollte sondern sonst über um und uns unser unsere unserem unseren unserer unter
viel viele vom von vor wann war waren warst was weg weil weiter welche welchem
welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
wollte würde würden zum zur zwar zwischen ganz gibt geht wurde wurden worden also
dabei darauf darum davon deshalb eben ebenso genau gerade heute jedoch klar mehr
meist mal natürlich oft vielleicht wirklich ziemlich
"""

_FR = """
ainsi alors après aucun aucune aussi autre autres aux avant avec avoir avait avaient
avez avons beaucoup bien car ceci cela celle celles celui cependant certain certains
ces cet cette ceux chaque chez comme comment dans depuis des déjà doit donc dont
elle elles encore entre est était étaient été être eux fait faire fois font ici ils
jamais leur leurs lorsque lui mais même mes moi moins mon notre nous par parce pas
peu peut peuvent plus pour pourquoi quand que quel quelle quelles quels qui quoi
rien sans selon ses seulement son sont sous souvent suis sur tant tel telle tes toi
ton tous tout toute toutes très trop une vers voici voilà vos votre vous avions
aurait auront avons cela chose choses dire donc elles encore était faut peut-être
pendant plutôt puis quelque quelques sera serait seront sinon soit tandis toujours
"""

_ES = """
algo alguna algunas alguno algunos ante antes aquel aquella aquellas aquello
aquellos aquí así aunque bien cada casi como cómo con contra cual cuál cuales
cuando cuándo del desde donde dónde durante ella ellas ello ellos entonces entre
era eran eres esa esas ese eso esos esta está estaba estaban estado estamos están
estar estas este esto estos estoy fue fueron hace hacen hacer hacia había han has
hasta hay las les los más mas mientras mis mucho muchos muy nada nos nosotras
nosotros nuestra nuestras nuestro nuestros nunca otra otras otro otros para pero
poco por porque puede pueden pues que qué quien quién quienes sea según ser será
sido siempre sin sobre somos son soy sus también tanto tener tengo tiene tienen
toda todas todavía todo todos tus una uno unos usted ustedes vez veces vosotros
vuestra vuestro cosa cosas menos mismo misma solo sólo tan tal sino
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "de": frozenset(_DE.split()),
    "fr": frozenset(_FR.split()),
    "es": frozenset(_ES.split()),
}
"""Stop words by language code."""


def stop_words(language: str) -> frozenset[str]:
    """The stop words for a BCP 47 language tag (``"de-CH"`` uses German); English otherwise."""
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return STOP_WORDS.get(primary, STOP_WORDS["en"])
