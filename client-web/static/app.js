/* Solidarity Directory - progressive enhancement only: every page works without it.
** The quick-exit link leaves with location.replace(), so this page does not stay in the
** tab's back-button history. No other behaviour, no storage, no network requests. */
(function () {
	'use strict';

	function leave(event) {
		if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
			return;
		event.preventDefault();
		window.location.replace(this.href);
	}

	var links = document.querySelectorAll('a.quick-exit');
	for (var i = 0; i < links.length; i++)
		links[i].addEventListener('click', leave);
}());
