// The service the demo deploys; Zeabur (here its local stand-in) would build and run it.
console.log("shop api listening");
