<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows an RSS 2.0 or Atom 1.0 feed of a coachcontent site as a readable page
  when a browser opens it.  Feed readers ignore this file.  Entry bodies are
  shown as their titles and dates only: XSLT 1.0 cannot parse the escaped HTML
  inside a feed safely, and readers show it anyway.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="{/rss/channel/language | /atom:feed/@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> – web feed</title>
        <style>
          body { font: 1.05rem/1.6 system-ui, sans-serif; color: #1f2933; background: #fbfaf7;
                 max-width: 46rem; margin: 0 auto; padding: 2rem 1rem; }
          .about { background: #fff3cd; border: 1px solid #e6d28a; border-radius: .5rem; padding: 1rem 1.25rem; }
          h1 { line-height: 1.2; margin-top: 1.5rem; }
          ol { list-style: none; padding: 0; }
          li { border-top: 1px solid #e4e2dc; padding: .9rem 0; }
          li a { font-weight: 600; font-size: 1.1rem; color: #184e77; }
          time { display: block; color: #5f6b76; font-size: .9rem; }
        </style>
      </head>
      <body>
        <p class="about">
          <strong>This is a web feed.</strong>
          Copy this page's address into your feed reader to follow new articles.
          Visit <a href="{$home}">the website</a> to read them here.
        </p>
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:if test="$description">
          <p><xsl:value-of select="$description"/></p>
        </xsl:if>
        <ol>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        </ol>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <time><xsl:value-of select="pubDate"/></time>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>
</xsl:stylesheet>
